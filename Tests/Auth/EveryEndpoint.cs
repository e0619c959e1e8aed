using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ClubGrains.Tests.Auth;

/// <summary>
/// Every endpoint the app maps, read from its own endpoint list so a new one cannot slip past the
/// tests that walk them, and a way to call each with its route filled in.
/// </summary>
internal static partial class EveryEndpoint
{
    /// <summary>"METHOD /pattern" for every mapped route, sorted.</summary>
    public static List<string> Of(ApiFactory api) =>
        api.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Calls the endpoint at the venue with placeholder ids (and an empty JSON body for writes).</summary>
    public static async Task<HttpStatusCode> Call(HttpClient client, string endpoint, string venueId)
    {
        var (method, pattern) = (endpoint[..endpoint.IndexOf(' ', StringComparison.Ordinal)], endpoint[(endpoint.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
        var path = pattern
            .Replace("{venueId}", venueId, StringComparison.Ordinal)
            .Replace("{roomId}", "k01", StringComparison.Ordinal)
            .Replace("{supervisor}", "sup-1", StringComparison.Ordinal)
            .Replace("{bookingId}", "no-such-booking", StringComparison.Ordinal)
            .Replace("{badge}", "K999", StringComparison.Ordinal)
            .Replace("{messageId}", "no-such-message", StringComparison.Ordinal)
            .Replace("{entryId}", "no-such-entry", StringComparison.Ordinal)
            .Replace("{phone}", "13800138000", StringComparison.Ordinal)
            .Replace("{complaintId}", "no-such-complaint", StringComparison.Ordinal)
            .Replace("{period}", "daily", StringComparison.Ordinal)
            .Replace("{department}", "ktv", StringComparison.Ordinal)
            .Replace("{login}", "no-such-login", StringComparison.Ordinal)
            .Replace("{clientId}", "pc-00000000000000000000", StringComparison.Ordinal)
            .Replace("{documentName}", "v1", StringComparison.Ordinal)
            .Replace("{documentName?}", string.Empty, StringComparison.Ordinal)
            .Replace("{page:int}", "1", StringComparison.Ordinal);

        // Catch-all parameters of the dashboard's routes ({*address}, {**path}).
        path = CatchAll().Replace(path, "x");
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        }

        // Headers only: a live stream (the event feed's) answers its status and then never ends by itself.
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }

    [GeneratedRegex(@"\{\*\*?\w+\}")]
    private static partial Regex CatchAll();
}
