using System.Collections;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.DevHost.Functions;

internal sealed class DevInvocationFeatures : IInvocationFeatures
{
    private readonly Dictionary<Type, object> _features = [];

    public void Set<T>(T instance) => _features[typeof(T)] = instance!;

    public void Set(Type type, object instance) => _features[type] = instance;

    public T? Get<T>() => _features.TryGetValue(typeof(T), out var feature) ? (T)feature : default;

    public IEnumerator<KeyValuePair<Type, object>> GetEnumerator() => _features.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
