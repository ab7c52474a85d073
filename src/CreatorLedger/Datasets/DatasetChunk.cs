namespace CreatorLedger.Datasets;

/// <summary>
/// A chunk of a dataset check: its files are hashed and its samples decided in the background (<see cref="Ready"/>);
/// once that is done, <see cref="Decide"/> gives one decision per input, in the order the inputs were added.
/// </summary>
public sealed class DatasetChunk
{
    private readonly IReadOnlyList<DatasetInput> _inputs;
    private readonly Task<DatasetDecision[]> _deciding;

    internal DatasetChunk(DatasetCheck check, IReadOnlyList<DatasetInput> inputs, Task<HashedFile[]> hashing)
    {
        _inputs = inputs;
        // Deciding needs no cache, so chunks are decided off the caller's thread as soon as their files are hashed. Not on
        // the thread that hashed them: the next chunk's hashing waits on the same task, and would otherwise start only
        // once this chunk is decided, leaving a core idle.
        _deciding = Task.Run(async () =>
        {
            var hashed = await hashing.ConfigureAwait(false);
            await Task.Yield();
            return DecideAll(check, inputs, hashed);
        });
    }

    public int Count => _inputs.Count;

    /// <summary>Done when the chunk's files are hashed and its samples decided (or hashing failed: <see cref="Decide"/> then throws its error).</summary>
    public Task Ready => _deciding;

    public IEnumerable<DatasetDecision> Decide() => _deciding.GetAwaiter().GetResult();

    private static DatasetDecision[] DecideAll(DatasetCheck check, IReadOnlyList<DatasetInput> inputs, HashedFile[] hashed)
    {
        var decisions = new DatasetDecision[inputs.Count];
        int file = 0;
        for (int i = 0; i < decisions.Length; i++)
        {
            var input = inputs[i];
            if (!input.IsFile)
            {
                decisions[i] = check.Decide(input, input.Work == default ? null : input.Work, input.Hashes, input.Problem, input.Message);
                continue;
            }
            var h = hashed[file++];
            // Fail closed: a file that cannot be read is never reported as licensed.
            decisions[i] = h.IsReadable ? check.Decide(input, h.Work, h.Hashes, null, null) : check.Decide(input, null, null, SampleProblem.Unreadable, h.Problem);
        }
        return decisions;
    }
}
