using System.Reflection;
using Kmt.Core.Common;
using Kmt.Core.RateLimits;
using Kmt.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Kmt.Functions.Middleware;

/// <summary>
/// Outermost KMT middleware of every HTTP function: gives the request its id and turns any
/// exception into the error envelope. Client errors (<see cref="KmtException"/>) keep their code
/// and message; anything else is logged with the request id and answered INTERNAL_ERROR with no
/// detail, so no stack trace or internal state reaches the client.
/// </summary>
public sealed class ErrorEnvelopeMiddleware(ILogger<ErrorEnvelopeMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.RequireHttpContext();
        var requestId = RequestIds.Assign(http);
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = requestId });
        try
        {
            await next(context);
        }
        catch (Exception exception) when (Unwrap(exception) is IncompleteRequestException incomplete)
        {
            logger.LogInformation("{Function}: the client sent an incomplete request ({Cause}); answered 400.", context.FunctionDefinition.Name, incomplete.Cause.Message);
            context.Respond(ToResult(incomplete));
        }
        catch (Exception exception) when (Unwrap(exception) is KmtException kmt)
        {
            logger.LogDebug("{Function} answered {Code}: {Message}", context.FunctionDefinition.Name, kmt.Code, kmt.Message);
            context.Respond(ToResult(kmt));
        }
        catch (Exception exception) when (IsClientFault(Unwrap(exception), http))
        {
            // Read outside RequestBody (a multipart form): the same client error.
            var cause = Unwrap(exception);
            logger.LogInformation("{Function}: the client sent an incomplete request ({Cause}); answered 400.", context.FunctionDefinition.Name, cause.Message);
            context.Respond(ToResult(cause is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                ? new KmtException(ErrorCode.PayloadTooLarge, "The request body is larger than this API accepts.")
                : new IncompleteRequestException(cause)));
        }
        catch (Exception exception) when (Unwrap(exception) is OperationCanceledException && http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nobody is left to read a response.
            logger.LogDebug("{Function} was cancelled by the client.", context.FunctionDefinition.Name);
        }
        catch (Exception exception)
        {
            logger.LogError(Unwrap(exception), "{Function} failed; request {RequestId}.", context.FunctionDefinition.Name, requestId);
            context.Respond(ApiResult.Error(
                ErrorCode.InternalError,
                $"Something went wrong on our side. If it keeps happening, quote request id {requestId}."));
        }
    }

    private static ApiResult ToResult(KmtException exception)
    {
        var result = ApiResult.Error(exception.Code, exception.Message, exception.Details);
        if (exception is RateLimitedException limited)
        {
            result.WithHeader("Retry-After", limited.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (exception.Code == ErrorCode.Unauthorized)
        {
            result.WithHeader("WWW-Authenticate", "Bearer");
        }

        return result;
    }

    /// <summary>Kestrel's bad-request errors always; a broken read only when the client's connection is gone (a server-side IOException stays a 500).</summary>
    private static bool IsClientFault(Exception exception, HttpContext http) => exception switch
    {
        BadHttpRequestException => true,
        IOException => http.RequestAborted.IsCancellationRequested,
        _ => false,
    };

    // Invocation may wrap what the function threw.
    private static Exception Unwrap(Exception exception) => exception switch
    {
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        _ => exception,
    };
}
