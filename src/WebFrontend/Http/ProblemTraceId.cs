using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace OrleansCache.WebFrontend.Http;

/// <summary>
/// The <c>trace_id</c> of every problem: the W3C trace id of the request (32 lowercase hex digits), the id an operator
/// looks the request up by in the traces and the logs. ASP.NET Core's default puts the whole <c>traceparent</c>
/// (version, trace id, span id, flags) there, which matches neither.
/// </summary>
internal static class ProblemTraceId
{
    /// <summary>The member's name in the problem's JSON.</summary>
    public const string Name = "trace_id";

    // ASP.NET Core's own member, whose value is the whole traceparent.
    private const string DefaultName = "traceId";

    /// <summary>Replaces the default member with <see cref="Name"/>; leaves it out when the request has no activity.</summary>
    public static void Apply(ProblemDetailsContext context)
    {
        var extensions = context.ProblemDetails.Extensions;
        extensions.Remove(DefaultName);
        var activity = context.HttpContext.Features.Get<IHttpActivityFeature>()?.Activity ?? Activity.Current;
        if (activity is { IdFormat: ActivityIdFormat.W3C })
        {
            extensions[Name] = activity.TraceId.ToHexString();
        }
        else
        {
            extensions.Remove(Name);
        }
    }
}
