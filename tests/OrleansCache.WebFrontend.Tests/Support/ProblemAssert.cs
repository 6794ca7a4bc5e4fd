using System.Net;
using System.Text.Json;

namespace OrleansCache.WebFrontend.Tests.Support;

/// <summary>Checks that an error answer is an RFC 9457 problem as the contract describes.</summary>
internal static class ProblemAssert
{
    /// <summary>Asserts <paramref name="status"/>, <c>application/problem+json</c>, and <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c>.</summary>
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);

        using var document = JsonDocument.Parse(body);
        var problem = document.RootElement.Clone();
        Assert.Equal(JsonValueKind.Object, problem.ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(StringMember(problem, "type")), $"The problem has no type: {body}");
        Assert.False(string.IsNullOrWhiteSpace(StringMember(problem, "title")), $"The problem has no title: {body}");
        Assert.False(string.IsNullOrWhiteSpace(StringMember(problem, "detail")), $"The problem has no detail: {body}");
        Assert.True(problem.TryGetProperty("status", out var statusMember) && statusMember.ValueKind == JsonValueKind.Number, $"The problem has no status: {body}");
        Assert.Equal((int)status, statusMember.GetInt32());

        // No stack trace, no exception type, no SQL.
        Assert.DoesNotContain("Exception", body, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"\bat [\w.`<>]+\.\w+\(", body);
        Assert.DoesNotContain("SELECT", body, StringComparison.OrdinalIgnoreCase);
        return problem;
    }

    /// <summary>Asserts a 400 validation problem whose <c>errors</c> name <paramref name="field"/> with at least one message.</summary>
    public static async Task<JsonElement> IsValidationProblemAsync(HttpResponseMessage response, string field)
    {
        var problem = await IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object, $"The problem has no errors: {problem}");
        Assert.True(errors.TryGetProperty(field, out var messages), $"The errors do not name '{field}': {errors}");
        Assert.Equal(JsonValueKind.Array, messages.ValueKind);
        Assert.NotEmpty(messages.EnumerateArray());
        Assert.All(messages.EnumerateArray(), message => Assert.False(string.IsNullOrWhiteSpace(message.GetString())));
        return problem;
    }

    private static string? StringMember(JsonElement problem, string name) =>
        problem.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
