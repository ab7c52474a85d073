namespace CreatorLedger.Identity;

/// <summary>Bitcoin-alphabet base58 (multibase 'z'), as did:key uses it. Inputs are tiny (34 bytes), so the quadratic method is fine.</summary>
internal static class Base58
{
    private const string Alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        int zeros = 0;
        while (zeros < data.Length && data[zeros] == 0) zeros++;
        var digits = new byte[data.Length * 138 / 100 + 1];
        int length = 0;
        for (int i = zeros; i < data.Length; i++)
        {
            int carry = data[i];
            int j = 0;
            for (int k = digits.Length - 1; (carry != 0 || j < length) && k >= 0; k--, j++)
            {
                carry += 256 * digits[k];
                digits[k] = (byte)(carry % 58);
                carry /= 58;
            }
            length = j;
        }
        int start = digits.Length - length;
        var result = new char[zeros + length];
        for (int i = 0; i < zeros; i++) result[i] = '1';
        for (int i = 0; i < length; i++) result[zeros + i] = Alphabet[digits[start + i]];
        return new string(result);
    }

    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] data)
    {
        data = [];
        int zeros = 0;
        while (zeros < text.Length && text[zeros] == '1') zeros++;
        var bytes = new byte[text.Length * 733 / 1000 + 1];
        int length = 0;
        for (int i = zeros; i < text.Length; i++)
        {
            int carry = Alphabet.IndexOf(text[i]);
            if (carry < 0) return false;
            int j = 0;
            for (int k = bytes.Length - 1; (carry != 0 || j < length) && k >= 0; k--, j++)
            {
                carry += 58 * bytes[k];
                bytes[k] = (byte)(carry % 256);
                carry /= 256;
            }
            length = j;
        }
        data = new byte[zeros + length];
        bytes.AsSpan(bytes.Length - length).CopyTo(data.AsSpan(zeros));
        return true;
    }
}
