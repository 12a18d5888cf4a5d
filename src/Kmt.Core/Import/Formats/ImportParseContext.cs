namespace Kmt.Core.Import.Formats;

/// <summary>What every parser needs besides the bytes: the limits, and "now" to refuse times in the future.</summary>
public sealed record ImportParseContext(ImportOptions Options, DateTimeOffset Now);
