namespace Kmt.Core.Import;

/// <summary>What an import did so far: the counts and the first failures (the job's status reports them).</summary>
public sealed class ImportTally(int maxReportedFailures)
{
    private readonly List<ImportFailure> _failures = [];

    public int Created { get; private set; }

    public int Skipped { get; private set; }

    public int Failed { get; private set; }

    public int NotRecorded { get; private set; }

    public int Links { get; private set; }

    public IReadOnlyList<ImportFailure> Failures => _failures;

    public void AddCreated() => Created++;

    public void AddSkipped() => Skipped++;

    public void AddNotRecorded() => NotRecorded++;

    public void AddLinks(int count) => Links += count;

    public void AddFailed(ImportRecord record, string reason)
    {
        ArgumentNullException.ThrowIfNull(record);
        Failed++;
        if (_failures.Count < maxReportedFailures)
        {
            _failures.Add(new ImportFailure(record.Line, record.Entry, reason));
        }
    }

    public ImportJob WriteTo(ImportJob job) => job with
    {
        Created = Created,
        Skipped = Skipped,
        Failed = Failed,
        NotRecorded = NotRecorded,
        LinkCount = Links,
        Failures = _failures.ToList(),
    };
}
