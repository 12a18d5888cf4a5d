namespace Kmt.Core.Accounts;

/// <summary>
/// The signing keys a source holds, as PEM: <see cref="CurrentPem"/> signs new access tokens; the
/// <see cref="PreviousPems"/> only verify the tokens they signed before a rotation.
/// </summary>
public sealed record SigningKeyMaterial(string CurrentPem, IReadOnlyList<string> PreviousPems);
