using System.Globalization;
using System.Net;

namespace OrleansCache.EndToEnd.Tests.Reliability.Load;

/// <summary>
/// Exact counts of what a load generator sent and what came back: one count per (operation, outcome), where the
/// outcome is the status code or, for a request that got no answer, the kind of failure. Thread-safe.
/// </summary>
internal sealed class Tally
{
    /// <summary>The outcome of a request that got no HTTP answer (refused or dropped connection).</summary>
    public const string ConnectionFailed = "connection failed";

    /// <summary>The outcome of a request that got no answer within the client's timeout.</summary>
    public const string TimedOut = "timed out";

    private readonly Dictionary<(string Operation, string Outcome), long> _counts = [];

    public void Count(string operation, HttpStatusCode status) => Count(operation, ((int)status).ToString(CultureInfo.InvariantCulture));

    public void Count(string operation, string outcome)
    {
        lock (_counts)
        {
            _counts[(operation, outcome)] = _counts.GetValueOrDefault((operation, outcome)) + 1;
        }
    }

    /// <summary>Requests of <paramref name="operation"/> sent, whatever came back.</summary>
    public long Sent(string operation) => Sum((o, _) => o == operation);

    /// <summary>Requests of every operation sent.</summary>
    public long Total => Sum((_, _) => true);

    /// <summary>Requests of <paramref name="operation"/> answered with <paramref name="status"/>.</summary>
    public long Answered(string operation, HttpStatusCode status)
    {
        var outcome = ((int)status).ToString(CultureInfo.InvariantCulture);
        return Sum((o, r) => o == operation && r == outcome);
    }

    /// <summary>Requests whose outcome is not in <paramref name="expected"/>, as lines "operation: outcome × count".</summary>
    public IReadOnlyList<string> Unexpected(params HttpStatusCode[] expected)
    {
        var allowed = expected.Select(s => ((int)s).ToString(CultureInfo.InvariantCulture)).ToHashSet();
        lock (_counts)
        {
            return [.. _counts.Where(c => !allowed.Contains(c.Key.Outcome)).Select(c => $"{c.Key.Operation}: {c.Key.Outcome} × {c.Value}")];
        }
    }

    /// <summary>Every count, one line per operation, for the test output.</summary>
    public string Summary()
    {
        lock (_counts)
        {
            return string.Join(
                Environment.NewLine,
                _counts.GroupBy(c => c.Key.Operation)
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => $"  {g.Key}: {g.Sum(c => c.Value)} ({string.Join(", ", g.OrderBy(c => c.Key.Outcome, StringComparer.Ordinal).Select(c => $"{c.Key.Outcome} × {c.Value}"))})"));
        }
    }

    private long Sum(Func<string, string, bool> predicate)
    {
        lock (_counts)
        {
            return _counts.Where(c => predicate(c.Key.Operation, c.Key.Outcome)).Sum(c => c.Value);
        }
    }
}
