using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OrleansCache.EndToEnd.Tests.Support;

namespace OrleansCache.EndToEnd.Tests.Dashboard;

/// <summary>
/// The Grafana dashboard (docs/grafana/orleanscache.json) cannot drift from what the processes export: every metric
/// and label its PromQL names is in a real scrape of the running silo's and frontend's <c>/metrics</c>.
/// </summary>
public sealed partial class GrafanaDashboardTests(ITestOutputHelper output)
{
    private const string DashboardFile = "docs/grafana/orleanscache.json";

    // PromQL words that are neither metrics nor labels.
    private static readonly HashSet<string> Keywords = ["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset", "and", "or", "unless", "inf", "nan"];

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_metric_and_label_the_dashboard_queries_is_exported_by_the_running_processes()
    {
        var expressions = Expressions(JsonDocument.Parse(await File.ReadAllTextAsync(SystemUnderTest.RepositoryFile(DashboardFile), Cancellation)).RootElement);
        Assert.True(expressions.Count >= 10, $"Expected the dashboard's queries, found {expressions.Count}.");

        await using var system = new SystemUnderTest(output);
        await system.StartAsync(Cancellation);
        await SendTrafficAsync(system);

        using var scrapes = new HttpClient { Timeout = SystemUnderTest.Patience };
        var silo = await scrapes.GetStringAsync(new Uri(system.DashboardUrl, "/metrics"), Cancellation);
        var frontend = await system.Http.GetStringAsync("/metrics", Cancellation);
        var (metrics, labels) = Exported(silo + "\n" + frontend);
        output.WriteLine($"[grafana] {metrics.Count} metric names exported, labels: {string.Join(", ", labels.Order())}");

        var missing = new List<string>();
        foreach (var expression in expressions)
        {
            var (usedMetrics, usedLabels) = Names(expression);
            Assert.NotEmpty(usedMetrics);
            missing.AddRange(usedMetrics.Where(m => !metrics.Contains(m)).Select(m => $"metric {m} in: {expression}"));
            missing.AddRange(usedLabels.Where(l => !labels.Contains(l)).Select(l => $"label {l} in: {expression}"));
        }

        Assert.True(missing.Count == 0, "The dashboard queries what nothing exports:" + Environment.NewLine + string.Join(Environment.NewLine, missing));
    }

    // Hits, misses, a write, and each kind of answer the panels show, so every histogram has buckets.
    private static async Task SendTrafficAsync(SystemUnderTest system)
    {
        var id = "graf" + Guid.NewGuid().ToString("N");
        using (var created = await system.Http.PostAsync(
            "/api/profiles", new StringContent($$"""{ "id": "{{id}}", "name": "charted" }""", Encoding.UTF8, "application/json"), Cancellation))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        foreach (var path in new[] { $"/api/profiles/{id}", $"/api/profiles/{id}", "/api/profiles/nobody", "/api/models", "/api/models" })
        {
            using var response = await system.Http.GetAsync(path, Cancellation);
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"GET {path}: {(int)response.StatusCode}");
        }
    }

    // Every PromQL expression of every panel, rows' nested panels included.
    private static List<string> Expressions(JsonElement dashboard)
    {
        var expressions = new List<string>();
        void Walk(JsonElement panels)
        {
            foreach (var panel in panels.EnumerateArray())
            {
                if (panel.TryGetProperty("targets", out var targets))
                {
                    expressions.AddRange(targets.EnumerateArray().Where(t => t.TryGetProperty("expr", out _)).Select(t => t.GetProperty("expr").GetString()!));
                }

                if (panel.TryGetProperty("panels", out var nested))
                {
                    Walk(nested);
                }
            }
        }

        Walk(dashboard.GetProperty("panels"));
        return expressions;
    }

    // The metric names (series names as scraped: _bucket, _count, _total included) and label names of a scrape.
    private static (HashSet<string> Metrics, HashSet<string> Labels) Exported(string scrape)
    {
        var metrics = new HashSet<string>(StringComparer.Ordinal);
        var labels = new HashSet<string>(StringComparer.Ordinal) { "le" };
        foreach (var line in scrape.Split('\n').Where(l => l.Length > 0 && l[0] != '#'))
        {
            var series = SeriesPattern().Match(line);
            if (!series.Success)
            {
                continue;
            }

            metrics.Add(series.Groups["name"].Value);
            foreach (Match label in LabelPattern().Matches(series.Groups["labels"].Value))
            {
                labels.Add(label.Groups["label"].Value);
            }
        }

        return (metrics, labels);
    }

    // The metric names and label names an expression uses: label names from matchers and by (...) clauses, metric
    // names from what remains once strings, matchers, ranges, clauses and function calls are taken out.
    private static (List<string> Metrics, List<string> Labels) Names(string expression)
    {
        var labels = new List<string>();
        var text = StringPattern().Replace(expression, " ");
        foreach (Match matcher in MatcherPattern().Matches(text))
        {
            labels.AddRange(LabelPattern().Matches(matcher.Value).Select(m => m.Groups["label"].Value));
        }

        text = MatcherPattern().Replace(text, " ");
        text = RangePattern().Replace(text, " ");
        foreach (Match clause in ClausePattern().Matches(text))
        {
            labels.AddRange(IdentifierPattern().Matches(clause.Groups["labels"].Value).Select(m => m.Value));
        }

        text = ClausePattern().Replace(text, " ");
        var metrics = IdentifierPattern().Matches(text)
            .Where(m => !FollowedByParenthesis(text, m) && !Keywords.Contains(m.Value))
            .Select(m => m.Value)
            .ToList();
        return (metrics, labels);
    }

    private static bool FollowedByParenthesis(string text, Match identifier)
    {
        var rest = text.AsSpan(identifier.Index + identifier.Length).TrimStart();
        return rest.Length > 0 && rest[0] == '(';
    }

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s")]
    private static partial Regex SeriesPattern();

    [GeneratedRegex(@"(?<label>[a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)")]
    private static partial Regex LabelPattern();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex StringPattern();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex MatcherPattern();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex RangePattern();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\((?<labels>[^)]*)\)")]
    private static partial Regex ClausePattern();

    [GeneratedRegex(@"(?<![\w.$])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex IdentifierPattern();
}
