using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.DevHost.Functions;

/// <summary>A function as the Functions host would index it: its name, method and trigger parameter.</summary>
public abstract record FunctionEntry(string Name, MethodInfo Method, ParameterInfo TriggerParameter)
{
    /// <summary>"Namespace.Type.Method", as FunctionDefinition.EntryPoint reports it.</summary>
    public string EntryPoint => $"{Method.DeclaringType!.FullName}.{Method.Name}";

    /// <summary>The binding type functions.metadata records for the trigger ("httpTrigger", "blobTrigger", "timerTrigger", "queueTrigger").</summary>
    public abstract string TriggerType { get; }
}

public sealed record HttpFunction(string Name, MethodInfo Method, ParameterInfo TriggerParameter, string Route, IReadOnlyList<string> Methods)
    : FunctionEntry(Name, Method, TriggerParameter)
{
    public override string TriggerType => "httpTrigger";

    /// <summary>The route the host serves: host.json's "api" prefix plus the function's route.</summary>
    public string RouteTemplate => $"api/{Route}";
}

/// <param name="Container">The container of the trigger's blob path ("uploads").</param>
/// <param name="Connection">The app setting prefix naming the storage account.</param>
public sealed record BlobFunction(string Name, MethodInfo Method, ParameterInfo TriggerParameter, string BlobPath, string Container, string? Connection)
    : FunctionEntry(Name, Method, TriggerParameter)
{
    public override string TriggerType => "blobTrigger";
}

/// <param name="Schedule">The attribute's schedule as written: NCRONTAB, an interval, or a %Setting% to resolve.</param>
public sealed record TimerFunction(string Name, MethodInfo Method, ParameterInfo TriggerParameter, string Schedule, bool RunOnStartup, bool UseMonitor)
    : FunctionEntry(Name, Method, TriggerParameter)
{
    public override string TriggerType => "timerTrigger";
}

/// <param name="QueueName">The attribute's queue name as written: a name, or a %Setting% to resolve.</param>
/// <param name="Connection">The app setting prefix naming the storage account (in Azure, {Connection}__queueServiceUri).</param>
public sealed record QueueFunction(string Name, MethodInfo Method, ParameterInfo TriggerParameter, string QueueName, string? Connection)
    : FunctionEntry(Name, Method, TriggerParameter)
{
    public override string TriggerType => "queueTrigger";
}

/// <summary>
/// Finds the functions in the function app's assembly by the same attributes the Functions SDK reads
/// to write functions.metadata: [Function] on a method and a trigger attribute on one parameter.
/// Routes, paths and methods come from the functions; the DevHost invents none.
/// </summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<HttpFunction> HttpFunctions(Assembly functionApp) =>
        Triggered<HttpTriggerAttribute>(functionApp)
            .Select(f =>
            {
                var methods = (f.Trigger.Methods ?? ["get", "post", "put", "patch", "delete", "head", "options"]).Select(v => v.ToUpperInvariant()).ToArray();
                return new HttpFunction(f.Name, f.Method, f.Parameter, f.Trigger.Route ?? f.Name, methods);
            })
            .OrderBy(f => f.Route, StringComparer.Ordinal)
            .ToArray();

    public static IReadOnlyList<BlobFunction> BlobFunctions(Assembly functionApp) =>
        Triggered<BlobTriggerAttribute>(functionApp)
            .Select(f => new BlobFunction(f.Name, f.Method, f.Parameter, f.Trigger.BlobPath, f.Trigger.BlobPath.Split('/', 2)[0], f.Trigger.Connection))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToArray();

    public static IReadOnlyList<TimerFunction> TimerFunctions(Assembly functionApp) =>
        Triggered<TimerTriggerAttribute>(functionApp)
            .Select(f => new TimerFunction(f.Name, f.Method, f.Parameter, f.Trigger.Schedule, f.Trigger.RunOnStartup, f.Trigger.UseMonitor))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToArray();

    public static IReadOnlyList<QueueFunction> QueueFunctions(Assembly functionApp) =>
        Triggered<QueueTriggerAttribute>(functionApp)
            .Select(f => new QueueFunction(f.Name, f.Method, f.Parameter, f.Trigger.QueueName, f.Trigger.Connection))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToArray();

    /// <summary>
    /// The trigger kinds the DevHost runs ("httpTrigger", "blobTrigger", "timerTrigger", "queueTrigger"): each
    /// has a runner (HttpFunctionEndpoints, BlobTriggerRunner, TimerTriggerRunner, QueueTriggerRunner). A function whose trigger is
    /// not listed would be served by Azure and silently not by the DevHost; a test holds functions.metadata
    /// to this list.
    /// </summary>
    public static IReadOnlyList<FunctionEntry> All(Assembly functionApp) =>
        [.. HttpFunctions(functionApp), .. BlobFunctions(functionApp), .. TimerFunctions(functionApp), .. QueueFunctions(functionApp)];

    public static IEnumerable<Type> FunctionTypes(Assembly functionApp) =>
        FunctionMethods(functionApp).Select(m => m.Method.DeclaringType!).Distinct();

    private static IEnumerable<(string Name, MethodInfo Method, ParameterInfo Parameter, T Trigger)> Triggered<T>(Assembly functionApp)
        where T : Attribute =>
        from f in FunctionMethods(functionApp)
        from p in f.Method.GetParameters()
        let trigger = p.GetCustomAttribute<T>()
        where trigger is not null
        select (f.Name, f.Method, p, trigger);

    private static IEnumerable<(MethodInfo Method, string Name)> FunctionMethods(Assembly functionApp) =>
        from type in functionApp.GetTypes()
        where type is { IsClass: true, IsAbstract: false }
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        where function is not null
        select (method, function.Name);
}
