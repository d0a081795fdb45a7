using System.Globalization;
using System.Net.Http.Json;

namespace GovOrleans.Gateway.Tests.Cases;

/// <summary>Request bodies for the seeded case types.</summary>
public static class CaseRequests
{
    public static string StartDate => DateTime.UtcNow.Date.AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A valid parking-permit submission (numbers as JSON numbers).</summary>
    public static object ParkingPermit(string plate = "AB-123-C", int months = 6) => new
    {
        caseTypeCode = "parking-permit",
        data = new Dictionary<string, object> { ["licencePlate"] = plate, ["zone"] = "A", ["startDate"] = StartDate, ["months"] = months },
    };

    /// <summary>POST /api/v1/cases, optionally with an Idempotency-Key.</summary>
    public static Task<HttpResponseMessage> SubmitAsync(HttpClient client, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/cases") { Content = JsonContent.Create(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return client.SendAsync(request);
    }

    /// <summary>POST /api/v1/cases/{id}/transitions, optionally with If-Match.</summary>
    public static Task<HttpResponseMessage> TransitionAsync(HttpClient client, string id, object body, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/cases/{id}/transitions") { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }
}
