using System.Text.Json;
using GovOrleans.GrainInterfaces.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace GovOrleans.Gateway.Problems;

/// <summary>
/// The one place exceptions become RFC 9457 problem details: domain exceptions from grains, bad input, grain timeouts.
/// Details never echo exception messages that may carry citizen data, except the grains' field-error paths and messages.
/// </summary>
internal sealed partial class GrainExceptionHandler(IProblemDetailsService problems, ILogger<GrainExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Map(httpContext, exception);
        if (httpContext.Response.HasStarted)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private ProblemDetails Map(HttpContext httpContext, Exception exception)
    {
        switch (exception)
        {
            case NotFoundException:
                return new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "The resource does not exist." };
            case ForbiddenException:
                return new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "You may not do this." };
            case ConflictException { IsPreconditionFailure: true } conflict:
                var stale = new ProblemDetails { Status = StatusCodes.Status412PreconditionFailed, Title = "The resource has changed; reload it and retry." };
                if (conflict.CurrentVersion is { } current)
                {
                    stale.Extensions["currentVersion"] = current;
                }

                return stale;
            case ConflictException:
                return new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "The request conflicts with the resource's state.", Detail = exception.Message };
            case RuleViolationException violation:
                var errors = violation.Errors
                    .GroupBy(e => e.Path, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
                return new HttpValidationProblemDetails(errors)
                {
                    Status = StatusCodes.Status422UnprocessableEntity,
                    Title = "The request breaks a rule.",
                    Detail = exception.Message,
                };
            case TimeoutException:
                LogTimeout(logger, httpContext.Request.Method, httpContext.GetEndpoint()?.DisplayName);
                httpContext.Response.Headers.RetryAfter = "5";
                return new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable, Title = "The platform is busy; retry shortly." };
            case BadHttpRequestException bad:
                return new ProblemDetails { Status = bad.StatusCode, Title = bad.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "Unsupported media type." : "The request is malformed." };
            case JsonException:
                return new ProblemDetails { Status = StatusCodes.Status400BadRequest, Title = "The request body is not valid JSON for this operation." };
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                return new ProblemDetails { Status = 499, Title = "The client closed the request." };
            default:
                LogUnhandled(logger, exception.GetType().FullName, httpContext.Request.Method, httpContext.GetEndpoint()?.DisplayName, exception);
                return new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred." };
        }
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Error, Message = "Unhandled {ExceptionType} in {Method} {Endpoint}")]
    private static partial void LogUnhandled(ILogger logger, string? exceptionType, string method, string? endpoint, Exception exception);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Grain call timed out in {Method} {Endpoint}")]
    private static partial void LogTimeout(ILogger logger, string method, string? endpoint);
}
