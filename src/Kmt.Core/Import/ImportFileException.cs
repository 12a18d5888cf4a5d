namespace Kmt.Core.Import;

/// <summary>The whole file cannot be read (not a zip, over a size limit): nothing of it is imported.</summary>
public sealed class ImportFileException(string message) : Exception(message);
