using System.Collections;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.DevHost.Functions;

/// <summary>An invocation's features; the worker's bindings feature (<see cref="InvocationResultFeature"/>) is made on first use.</summary>
internal sealed class DevInvocationFeatures(DevFunctionContext owner) : IInvocationFeatures
{
    private readonly Dictionary<Type, object> _features = [];

    public void Set<T>(T instance) => _features[typeof(T)] = instance!;

    public T? Get<T>()
    {
        if (_features.TryGetValue(typeof(T), out var feature))
        {
            return (T)feature;
        }

        if (typeof(T) == InvocationResultFeature.BindingsFeatureType)
        {
            var created = InvocationResultFeature.Create(owner);
            _features[typeof(T)] = created;
            return (T)created;
        }

        return default;
    }

    public IEnumerator<KeyValuePair<Type, object>> GetEnumerator()
    {
        if (!_features.ContainsKey(InvocationResultFeature.BindingsFeatureType))
        {
            _features[InvocationResultFeature.BindingsFeatureType] = InvocationResultFeature.Create(owner);
        }

        return _features.GetEnumerator();
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
