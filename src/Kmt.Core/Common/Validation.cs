namespace Kmt.Core.Common;

/// <summary>Collects field errors so one response reports every problem of a request.</summary>
public sealed class Validation
{
    private readonly List<FieldError> _errors = [];

    public bool IsValid => _errors.Count == 0;

    public Validation Add(string field, string reason)
    {
        _errors.Add(new FieldError(field, reason));
        return this;
    }

    public Validation Require(bool condition, string field, string reason) => condition ? this : Add(field, reason);

    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0)
        {
            throw new ValidationException(_errors.ToArray());
        }
    }
}
