using System.Collections.Concurrent;
using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Kmt.DevHost.Functions;

/// <summary>
/// Calls a function method the way the worker binds it: the trigger value, binding data by
/// parameter name (route values, a blob trigger's {name}), the FunctionContext, the
/// CancellationToken and a [DurableClient] DurableTaskClient. The function class comes from the app's own DI registrations.
/// </summary>
internal static class FunctionInvoker
{
    // What each parameter binds to, worked out once per method: reflection over parameters and their
    // attributes on every call is work the Functions host does once, when it indexes the functions.
    private static readonly ConcurrentDictionary<MethodInfo, ParameterPlan[]> Plans = new();

    // Task<T>.Result getters by task type, so an awaited result is not looked up by name on every call.
    private static readonly ConcurrentDictionary<Type, Func<Task, object?>> ResultGetters = new();

    public static async Task<object?> InvokeAsync(FunctionEntry function, DevFunctionContext context, object? triggerValue, IReadOnlyDictionary<string, object?> bindingData)
    {
        var method = function.Method;
        var instance = method.IsStatic ? null : ActivatorUtilities.GetServiceOrCreateInstance(context.InstanceServices, method.DeclaringType!);
        var plan = Plans.GetOrAdd(method, _ => Plan(function));
        var arguments = new object?[plan.Length];
        for (var i = 0; i < plan.Length; i++)
        {
            arguments[i] = Bind(plan[i], function, context, triggerValue, bindingData);
        }

        object? returned;
        try
        {
            returned = method.Invoke(instance, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }

        return returned switch
        {
            Task task => await AwaitResult(task),
            ValueTask valueTask => await AwaitValueTask(valueTask),
            _ => returned,
        };
    }

    private static ParameterPlan[] Plan(FunctionEntry function) =>
        [.. function.Method.GetParameters().Select(p => new ParameterPlan(
            p,
            p == function.TriggerParameter ? ParameterKind.Trigger
            : p.ParameterType == typeof(FunctionContext) ? ParameterKind.Context
            : p.ParameterType == typeof(CancellationToken) ? ParameterKind.Cancellation
            : p.ParameterType == typeof(HttpRequest) ? ParameterKind.HttpRequest
            : p.GetCustomAttribute<DurableClientAttribute>() is not null ? ParameterKind.DurableClient
            : ParameterKind.BindingData))];

    private static object? Bind(ParameterPlan plan, FunctionEntry function, DevFunctionContext context, object? triggerValue, IReadOnlyDictionary<string, object?> bindingData)
    {
        var parameter = plan.Parameter;
        switch (plan.Kind)
        {
            case ParameterKind.Trigger:
                return triggerValue;
            case ParameterKind.Context:
                return context;
            case ParameterKind.Cancellation:
                return context.CancellationToken;
            case ParameterKind.HttpRequest when triggerValue is HttpRequest request:
                return request;
            case ParameterKind.DurableClient:
                // [DurableClient]: the client of the DevHost's Durable Task engine (OrchestrationRunner).
                return context.InstanceServices.GetRequiredService<DurableTaskClient>();
        }

        if (bindingData.TryGetValue(parameter.Name!, out var value) && value is not null)
        {
            return parameter.ParameterType.IsInstanceOfType(value)
                ? value
                : TypeDescriptor.GetConverter(parameter.ParameterType).ConvertFromString(null, CultureInfo.InvariantCulture, Convert.ToString(value, CultureInfo.InvariantCulture)!);
        }

        if (parameter.HasDefaultValue)
        {
            return parameter.DefaultValue;
        }

        throw new InvalidOperationException(
            $"The DevHost cannot bind parameter '{parameter.Name}' of function {function.Name}. Keep function signatures to the trigger, its binding data, FunctionContext, CancellationToken and [DurableClient].");
    }

    private static async Task<object?> AwaitResult(Task task)
    {
        await task;
        return ResultGetters.GetOrAdd(task.GetType(), ResultGetter)(task);
    }

    private static Func<Task, object?> ResultGetter(Type taskType)
    {
        if (!taskType.IsGenericType || taskType.GetGenericArguments()[0].Name == "VoidTaskResult")
        {
            return static _ => null;
        }

        var result = taskType.GetProperty("Result")!;
        return task => result.GetValue(task);
    }

    private static async Task<object?> AwaitValueTask(ValueTask task)
    {
        await task;
        return null;
    }

    private enum ParameterKind
    {
        Trigger,
        Context,
        Cancellation,
        HttpRequest,
        DurableClient,
        BindingData,
    }

    private sealed record ParameterPlan(ParameterInfo Parameter, ParameterKind Kind);
}
