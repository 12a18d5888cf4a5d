namespace Kmt.Core.Uploads;

/// <summary>One file of a multipart upload, as the function read it.</summary>
public sealed record IncomingFile(string FileName, string? DeclaredContentType, Stream Content, long? Length);

/// <summary>Optional fields of a multipart upload, applied to every file in it.</summary>
public sealed record UploadDetails(string? Title, IReadOnlyList<string>? Tags);

/// <summary>The body of POST upload/sessions: the first step of a two-step upload.</summary>
public sealed record BeginUploadInput(string? FileName, long? SizeBytes, string? Title, IReadOnlyList<string>? Tags);

public sealed record BegunUpload(Upload Upload, UploadTarget Target);
