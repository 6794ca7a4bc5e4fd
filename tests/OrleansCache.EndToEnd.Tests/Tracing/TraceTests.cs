using System.Net;
using OrleansCache.EndToEnd.Tests.Support;
using OrleansCache.Testing;

namespace OrleansCache.EndToEnd.Tests.Tracing;

/// <summary>
/// Traces across the real processes: the silo and the frontend run as start.sh runs them, exporting over OTLP/HTTP to a
/// receiver inside the test, and a cache miss is followed from the frontend's HTTP request through the grain call into
/// the silo and down to the database statement it caused, all in one trace, on SQLite and on PostgreSQL.
/// </summary>
public sealed class TraceTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ExportPatience = TimeSpan.FromSeconds(60);

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_miss_is_one_trace_from_the_request_through_the_grain_call_to_its_statement(string database)
    {
        await using var receiver = new OtlpTraceReceiver();
        await using var system = new SystemUnderTest(output);
        if (database == "postgres")
        {
            var postgres = await PostgresServer.SharedAsync();
            system.StorageConnectionString = await postgres.CreateDatabaseAsync("traces");
            system.SiloArguments.Add("--Storage:Provider=postgres");
        }

        system.SiloArguments.AddRange(receiver.ExporterArguments());
        system.FrontendArguments.AddRange(receiver.ExporterArguments());
        await system.StartAsync(Cancellation);

        // An id nobody created: the profile grain reads the database for it (a miss) and the answer is 404.
        var id = "traced" + Guid.NewGuid().ToString("N");
        var path = $"/api/profiles/{id}";
        using (var response = await system.Http.GetAsync(path, Cancellation))
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        var spans = await receiver.WaitForAsync(
            all => Request(all, path) is { } request && all.Any(s => s.TraceId == request.TraceId && IsStatement(s, database)),
            ExportPatience,
            $"the request span of GET {path} and a {database} statement span in its trace",
            Cancellation);

        var request = Request(spans, path)!;
        var trace = spans.Where(s => s.TraceId == request.TraceId).ToList();
        foreach (var span in trace)
        {
            output.WriteLine($"[trace] {span}");
        }

        Assert.Matches("^[0-9a-f]{32}$", request.TraceId);
        Assert.Equal("orleanscache-frontend", request.ServiceName);
        Assert.Equal("/api/profiles/{id}", request.Attributes.GetValueOrDefault("http.route"));

        // The frontend's call to the profile grain, under the request.
        var call = Assert.Single(trace, s =>
            s.ServiceName == "orleanscache-frontend" && IsOrleans(s) && s.Kind == OtlpSpanKind.Client
            && s.Attributes.GetValueOrDefault("orleans.rpc.target_id") == $"profile/{id}");
        Assert.True(IsDescendant(trace, call, request), $"{call} is not under the request span");

        // The silo serves that call, continuing the trace across the process boundary.
        var served = Assert.Single(trace, s =>
            s.ServiceName == "orleanscache-silo" && IsOrleans(s) && s.Kind == OtlpSpanKind.Server && s.ParentSpanId == call.SpanId);
        Assert.Equal(call.Name, served.Name);

        // The miss: the statement that read the row, on the silo, under the grain call. Orleans runs a new activation's
        // OnActivateAsync (where the grain reads its row) under an "activate grain" span that is a child of the call
        // which caused it, beside the span of the call's own execution.
        var statement = Assert.Single(trace, s => IsStatement(s, database));
        Assert.Equal("orleanscache-silo", statement.ServiceName);
        Assert.Equal(OtlpSpanKind.Client, statement.Kind);
        if (database == "sqlite")
        {
            Assert.Equal("SELECT", statement.Name);
            Assert.Equal("SELECT", statement.Attributes.GetValueOrDefault("db.operation.name"));
        }

        Assert.DoesNotContain(statement.Attributes.Values, value => value.Contains(id, StringComparison.Ordinal));
        Assert.True(IsDescendant(trace, statement, call), $"{statement} is not under the grain call {call}");
        Assert.Contains(trace, s =>
            s.ServiceName == "orleanscache-silo" && IsOrleans(s) && s.Attributes.GetValueOrDefault("orleans.grain.id") == $"profile/{id}"
            && IsDescendant(trace, statement, s));
    }

    // The frontend's server span of GET `path`.
    private static OtlpSpan? Request(IReadOnlyList<OtlpSpan> spans, string path) =>
        spans.FirstOrDefault(s => s.Kind == OtlpSpanKind.Server && s.Attributes.GetValueOrDefault("url.path") == path);

    // A statement span: ours around SQLite statements, Npgsql's (enabled with AddNpgsql) around PostgreSQL's.
    private static bool IsStatement(OtlpSpan span, string database) => database == "sqlite"
        ? span.Scope == "OrleansCache.Storage" && span.Attributes.GetValueOrDefault("db.system") == "sqlite"
        : span.Scope == "Npgsql";

    private static bool IsOrleans(OtlpSpan span) => span.Scope.StartsWith("Microsoft.Orleans.", StringComparison.Ordinal);

    // Whether `ancestor` is found walking up `span`'s parents within `trace`.
    private static bool IsDescendant(List<OtlpSpan> trace, OtlpSpan span, OtlpSpan ancestor)
    {
        var byId = trace.ToDictionary(s => s.SpanId);
        for (var current = span; current.ParentSpanId.Length > 0 && byId.TryGetValue(current.ParentSpanId, out var parent); current = parent)
        {
            if (parent.SpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }
}
