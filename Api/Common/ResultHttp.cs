using ClubGrains.Common;

namespace ClubGrains.Api.Common;

/// <summary>Maps grain results to HTTP: a value to the given success, a refusal to RFC 7807 problem details.</summary>
internal static class ResultHttp
{
    public static IResult ToHttp<T>(this Result<T> result, Func<T, IResult> ok) =>
        result.Refusal is { } refusal ? refusal.ToProblem() : ok(result.Value!);

    public static IResult ToProblem(this Refusal refusal)
    {
        var extensions = new Dictionary<string, object?>();
        if (refusal.Rule is not null)
        {
            extensions["rule"] = refusal.Rule;
        }

        if (refusal.Kind == RefusalKind.Invalid)
        {
            var fields = refusal.Fields ?? [];
            var errors = fields
                .GroupBy(f => f.Field, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(f => f.Rule is null ? f.Message : $"{f.Message} ({f.Rule})").ToArray(), StringComparer.Ordinal);
            return TypedResults.ValidationProblem(errors, detail: refusal.Message, title: "The request has invalid fields.", extensions: extensions);
        }

        var (status, title) = refusal.Kind switch
        {
            RefusalKind.Forbidden => (StatusCodes.Status403Forbidden, "Not allowed."),
            RefusalKind.NotFound => (StatusCodes.Status404NotFound, "Not found."),
            _ => (StatusCodes.Status409Conflict, "Conflicts with the current state."),
        };
        if (refusal.Fields is { Count: > 0 } named)
        {
            // A conflict about a named input (a reused Idempotency-Key) names it as a 400 would.
            extensions["errors"] = named.GroupBy(f => f.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(f => f.Message).ToArray(), StringComparer.Ordinal);
        }

        return TypedResults.Problem(detail: refusal.Message, statusCode: status, title: title, extensions: extensions);
    }
}
