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
    public static async Task<object?> InvokeAsync(FunctionEntry function, DevFunctionContext context, object? triggerValue, IReadOnlyDictionary<string, object?> bindingData)
    {
        var method = function.Method;
        var instance = method.IsStatic ? null : ActivatorUtilities.GetServiceOrCreateInstance(context.InstanceServices, method.DeclaringType!);
        var arguments = method.GetParameters().Select(p => Bind(p, function, context, triggerValue, bindingData)).ToArray();

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

    private static object? Bind(ParameterInfo parameter, FunctionEntry function, DevFunctionContext context, object? triggerValue, IReadOnlyDictionary<string, object?> bindingData)
    {
        if (parameter == function.TriggerParameter)
        {
            return triggerValue;
        }

        if (parameter.ParameterType == typeof(FunctionContext))
        {
            return context;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return context.CancellationToken;
        }

        if (parameter.ParameterType == typeof(HttpRequest) && triggerValue is HttpRequest request)
        {
            return request;
        }

        if (parameter.GetCustomAttribute<DurableClientAttribute>() is not null)
        {
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
        var type = task.GetType();
        return type.IsGenericType && type.GetGenericArguments()[0].Name != "VoidTaskResult" ? type.GetProperty("Result")!.GetValue(task) : null;
    }

    private static async Task<object?> AwaitValueTask(ValueTask task)
    {
        await task;
        return null;
    }
}
