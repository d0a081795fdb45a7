namespace GovOrleans.Bench.Grains;

/// <summary>
/// The state written by <see cref="WriterGrain"/> and, serialized the same way, by the raw Npgsql loop.
/// Shaped like a small case record: about 300 bytes of JSON.
/// </summary>
public sealed class WriterState
{
    private static readonly string[] Statuses = ["Draft", "Submitted", "UnderReview", "Approved"];

    public long Sequence { get; set; }

    public int LastValue { get; set; }

    public string Owner { get; set; } = "bench-writer";

    public string Status { get; set; } = Statuses[0];

    public decimal Amount { get; set; }

    public List<string> Tags { get; set; } = ["permit", "residential", "priority"];

    public string Notes { get; set; } = "Benchmark payload: a short free-text note of the kind a case worker attaches to a file.";

    /// <summary>The per-call mutation: every write changes the sequence, the value, the status and the amount.</summary>
    public void Apply(int value)
    {
        Sequence++;
        LastValue = value;
        Status = Statuses[(int)(Sequence % Statuses.Length)];
        Amount = 1000m + (value % 10_000) / 100m;
    }
}
