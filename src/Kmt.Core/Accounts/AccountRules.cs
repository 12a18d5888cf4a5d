using Kmt.Core.Common;

namespace Kmt.Core.Accounts;

/// <summary>The field rules of registration, profile and password changes, shared so they cannot drift apart.</summary>
internal static class AccountRules
{
    /// <summary>
    /// Trims and checks an e-mail address; returns it trimmed, or null after adding an error. The check
    /// is deliberately simple (one @, a dotted domain, no spaces): the real proof is the reset mail.
    /// </summary>
    public static string? Email(string? raw, KmtLimits limits, Validation validation, string field = "email")
    {
        var email = raw?.Trim();
        if (string.IsNullOrEmpty(email))
        {
            validation.Add(field, "Email is required.");
            return null;
        }

        if (email.Length > limits.EmailMaxLength)
        {
            validation.Add(field, $"Email must be at most {limits.EmailMaxLength} characters.");
            return null;
        }

        if (!LooksLikeEmail(email))
        {
            validation.Add(field, "Invalid email format.");
            return null;
        }

        return email;
    }

    /// <summary>Uniqueness and lookups use lower case: no two accounts differ only by letter case.</summary>
    public static string NormalizeEmail(string trimmedEmail) => trimmedEmail.ToLowerInvariant();

    public static string? NewPassword(string? password, AuthOptions options, Validation validation, string field = "password")
    {
        if (string.IsNullOrEmpty(password))
        {
            validation.Add(field, "Password is required.");
            return null;
        }

        if (password.Length < options.PasswordMinLength || password.Length > options.PasswordMaxLength)
        {
            validation.Add(field, $"Password must be between {options.PasswordMinLength} and {options.PasswordMaxLength} characters.");
            return null;
        }

        if (string.IsNullOrWhiteSpace(password))
        {
            validation.Add(field, "Password cannot be only spaces.");
            return null;
        }

        return password;
    }

    /// <summary>An optional name: trimmed, null when blank.</summary>
    public static string? Name(string? raw, string field, KmtLimits limits, Validation validation)
    {
        var name = raw?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        if (name.Length > limits.NameMaxLength)
        {
            validation.Add(field, $"{field} must be at most {limits.NameMaxLength} characters.");
            return null;
        }

        if (name.Any(char.IsControl))
        {
            validation.Add(field, $"{field} cannot contain control characters.");
            return null;
        }

        return name;
    }

    private static bool LooksLikeEmail(string email)
    {
        if (email.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }

        var at = email.IndexOf('@');
        if (at <= 0 || at != email.LastIndexOf('@') || at == email.Length - 1)
        {
            return false;
        }

        var domain = email[(at + 1)..];
        return domain.Contains('.') && domain.Split('.').All(label => label.Length > 0);
    }
}
