using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.DevHost.Functions;

/// <summary>An HTTP-triggered function as the Functions host would index it.</summary>
public sealed record HttpFunction(string Name, MethodInfo Method, ParameterInfo TriggerParameter, string Route, IReadOnlyList<string> Methods)
{
    /// <summary>"Namespace.Type.Method", as FunctionDefinition.EntryPoint reports it.</summary>
    public string EntryPoint => $"{Method.DeclaringType!.FullName}.{Method.Name}";

    /// <summary>The route the host serves: host.json's "api" prefix plus the function's route.</summary>
    public string RouteTemplate => $"api/{Route}";
}

/// <summary>
/// Finds the functions in the function app's assembly by the same attributes the Functions SDK reads
/// to write functions.metadata: [Function] on a method and a trigger attribute on one parameter.
/// Routes and methods come from the functions; the DevHost invents none.
/// </summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<HttpFunction> HttpFunctions(Assembly functionApp) =>
        FunctionMethods(functionApp)
            .Select(m => (Method: m.Method, m.Name, Trigger: m.Method.GetParameters().FirstOrDefault(p => p.GetCustomAttribute<HttpTriggerAttribute>() is not null)))
            .Where(f => f.Trigger is not null)
            .Select(f =>
            {
                var trigger = f.Trigger!.GetCustomAttribute<HttpTriggerAttribute>()!;
                var route = trigger.Route ?? f.Name;
                var methods = (trigger.Methods ?? ["get", "post", "put", "patch", "delete", "head", "options"]).Select(v => v.ToUpperInvariant()).ToArray();
                return new HttpFunction(f.Name, f.Method, f.Trigger!, route, methods);
            })
            .OrderBy(f => f.Route, StringComparer.Ordinal)
            .ToArray();

    public static IEnumerable<Type> FunctionTypes(Assembly functionApp) =>
        FunctionMethods(functionApp).Select(m => m.Method.DeclaringType!).Distinct();

    private static IEnumerable<(MethodInfo Method, string Name)> FunctionMethods(Assembly functionApp) =>
        from type in functionApp.GetTypes()
        where type is { IsClass: true, IsAbstract: false }
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        where function is not null
        select (method, function.Name);
}
