using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Kmt.DevHost.Functions;

/// <summary>
/// Calls a function method the way the worker binds it: the trigger's HttpRequest, route values by
/// parameter name, the FunctionContext and the CancellationToken. The function class comes from
/// the same DI registrations as in the worker (constructor injection).
/// </summary>
internal static class FunctionInvoker
{
    public static async Task<object?> InvokeAsync(HttpFunction function, DevFunctionContext context, HttpContext http)
    {
        var method = function.Method;
        var instance = method.IsStatic ? null : ActivatorUtilities.GetServiceOrCreateInstance(context.InstanceServices, method.DeclaringType!);
        var arguments = method.GetParameters().Select(p => Bind(p, function, context, http)).ToArray();

        object? returned;
        try
        {
            returned = method.Invoke(instance, arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }

        return returned switch
        {
            Task task => await AwaitResult(task),
            ValueTask valueTask => await AwaitValueTask(valueTask),
            _ => returned,
        };
    }

    private static object? Bind(ParameterInfo parameter, HttpFunction function, DevFunctionContext context, HttpContext http)
    {
        if (parameter == function.TriggerParameter || parameter.ParameterType == typeof(HttpRequest))
        {
            return http.Request;
        }

        if (parameter.ParameterType == typeof(FunctionContext))
        {
            return context;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return context.CancellationToken;
        }

        if (http.Request.RouteValues.TryGetValue(parameter.Name!, out var routeValue) && routeValue is not null)
        {
            var converter = TypeDescriptor.GetConverter(parameter.ParameterType);
            return converter.ConvertFromString(null, CultureInfo.InvariantCulture, Convert.ToString(routeValue, CultureInfo.InvariantCulture)!);
        }

        if (parameter.HasDefaultValue)
        {
            return parameter.DefaultValue;
        }

        throw new InvalidOperationException(
            $"The DevHost cannot bind parameter '{parameter.Name}' of function {function.Name}. Keep function signatures to HttpRequest, route values, FunctionContext and CancellationToken.");
    }

    private static async Task<object?> AwaitResult(Task task)
    {
        await task;
        var type = task.GetType();
        return type.IsGenericType ? type.GetProperty("Result")!.GetValue(task) : null;
    }

    private static async Task<object?> AwaitValueTask(ValueTask task)
    {
        await task;
        return null;
    }
}
