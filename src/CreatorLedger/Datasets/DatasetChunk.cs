namespace CreatorLedger.Datasets;

/// <summary>
/// A chunk of a dataset check: its files hash in the background (<see cref="Hashing"/>); once that is done,
/// <see cref="Decide"/> gives one decision per input, in the order the inputs were added.
/// </summary>
public sealed class DatasetChunk
{
    private readonly DatasetCheck _check;
    private readonly IReadOnlyList<DatasetInput> _inputs;
    private readonly Task<HashedFile[]> _hashing;

    internal DatasetChunk(DatasetCheck check, IReadOnlyList<DatasetInput> inputs, Task<HashedFile[]> hashing)
    {
        _check = check;
        _inputs = inputs;
        _hashing = hashing;
    }

    public int Count => _inputs.Count;

    /// <summary>Done when the chunk's files are hashed (or hashing failed: <see cref="Decide"/> then throws its error).</summary>
    public Task Hashing => _hashing;

    public IEnumerable<DatasetDecision> Decide()
    {
        var hashed = _hashing.GetAwaiter().GetResult();
        int file = 0;
        foreach (var input in _inputs)
        {
            if (input.Problem is { } problem)
            {
                yield return new DatasetDecision(input, null, input.Message, problem);
                continue;
            }
            if (!input.IsFile)
            {
                yield return _check.Decide(input, input.Work);
                continue;
            }
            var h = hashed[file++];
            // Fail closed: a file that cannot be read is never reported as licensed.
            yield return h.IsReadable ? _check.Decide(input, h.Work) : new DatasetDecision(input, null, h.Problem, SampleProblem.Unreadable);
        }
    }
}
