using System.Text;

namespace CreatorLedger.Datasets;

/// <summary>RFC 4180 records (quoted fields, doubled quotes, line breaks inside quotes), as Export-Csv writes them and people edit them.</summary>
internal static class Csv
{
    public static IEnumerable<string[]> Records(TextReader reader)
    {
        var field = new StringBuilder();
        var record = new List<string>();
        bool quoted = false, any = false;
        for (int c = reader.Read(); c >= 0; c = reader.Read())
        {
            char ch = (char)c;
            any = true;
            if (quoted)
            {
                if (ch == '"' && reader.Peek() == '"') { field.Append('"'); reader.Read(); }
                else if (ch == '"') quoted = false;
                else field.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (ch == '\n' || ch == '\r')
            {
                if (ch == '\r' && reader.Peek() == '\n') reader.Read();
                record.Add(field.ToString());
                field.Clear();
                if (record.Count > 1 || record[0].Length > 0) yield return [.. record];
                record.Clear();
                any = false;
            }
            else field.Append(ch);
        }
        if (any)
        {
            record.Add(field.ToString());
            if (record.Count > 1 || record[0].Length > 0) yield return [.. record];
        }
    }

    /// <summary>One line of text split as a CSV record.</summary>
    public static string[] Split(string line) => Records(new StringReader(line)).FirstOrDefault() ?? [""];
}
