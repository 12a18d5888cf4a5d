namespace Kmt.Storage.Embedded;

/// <summary>Configuration section "Kmt:Embedded": where the local store keeps its files.</summary>
public sealed class EmbeddedStoreOptions
{
    public const string Section = "Kmt:Embedded";

    public const string DefaultDataDirectory = "kmt-data";

    public const string DatabaseFileName = "kmt.db";

    /// <summary>Folder of kmt.db and signing-key.pem; relative paths resolve against the current directory.</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>The data directory as a full path ("kmt-data" under the current directory when unset).</summary>
    public string ResolveDataDirectory() =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(DataDirectory) ? DefaultDataDirectory : DataDirectory);
}
