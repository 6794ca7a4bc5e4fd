using System.Collections.Concurrent;
using System.Diagnostics;

namespace OrleansCache.EndToEnd.Tests.Cluster;

/// <summary>
/// Every request of a test, recorded as it completes, and the checks made afterwards: the linearizability of one
/// register per key as far as versions tell (no read older than a write acknowledged before the read began; no two
/// acknowledged writes with one version), only the answers the contract allows, and every acknowledged write kept.
/// </summary>
internal sealed class History
{
    private readonly ConcurrentQueue<Operation> _operations = new();

    /// <summary>Now, on the history's clock.</summary>
    public static long Now => Stopwatch.GetTimestamp();

    public IReadOnlyCollection<Operation> Operations => _operations;

    public void Add(Operation operation) => _operations.Enqueue(operation);

    /// <summary>
    /// Reads that returned a version older than a write acknowledged before the read began: for each, the read and
    /// the write it missed.
    /// </summary>
    public static IReadOnlyList<string> StaleReads(IEnumerable<Operation> operations)
    {
        var violations = new List<string>();
        foreach (var key in operations.GroupBy(o => o.Key))
        {
            // Acknowledged writes by the time their answer arrived, and the newest version acknowledged by then.
            var writes = key.Where(o => o is { Kind: OperationKind.Write, Succeeded: true, Version: not null }).OrderBy(o => o.End).ToArray();
            var newest = new long[writes.Length];
            for (var i = 0; i < writes.Length; i++)
            {
                newest[i] = Math.Max(i == 0 ? long.MinValue : newest[i - 1], writes[i].Version!.Value);
            }

            foreach (var read in key.Where(o => o is { Kind: OperationKind.Read, Succeeded: true, Version: not null }))
            {
                // The last write whose answer arrived before this read was sent.
                var before = UpperBound(writes, read.Start) - 1;
                if (before >= 0 && newest[before] > read.Version)
                {
                    var missed = writes.Take(before + 1).First(w => w.Version == newest[before]);
                    violations.Add($"stale read: {read} returned version {read.Version}, older than {missed}");
                }
            }
        }

        return violations;
    }

    /// <summary>Acknowledged writes of one key that answered the same version: one of them was lost.</summary>
    public static IReadOnlyList<string> DuplicateVersions(IEnumerable<Operation> operations) =>
    [
        .. operations.Where(o => o is { Kind: OperationKind.Write, Succeeded: true, Version: not null })
            .GroupBy(o => (o.Key, o.Version))
            .Where(g => g.Count() > 1)
            .Select(g => $"lost write: {g.Count()} acknowledged writes of {g.Key.Key} answered version {g.Key.Version}: {string.Join("; ", g)}"),
    ];

    /// <summary>Answers other than 2xx, 304, 412 and 503 (and requests with no answer at all).</summary>
    public static IReadOnlyList<string> UnexpectedAnswers(IEnumerable<Operation> operations) =>
        [.. operations.Where(o => !o.Succeeded && o.Status is not (304 or 412 or 503)).Select(o => $"unexpected answer: {o}")];

    /// <summary>
    /// Keys whose stored version is lower than the newest version a write of it acknowledged: an acknowledged write
    /// that is not in the database.
    /// </summary>
    public static IReadOnlyList<string> LostWrites(IEnumerable<Operation> operations, IReadOnlyDictionary<string, long> stored) =>
    [
        .. operations.Where(o => o is { Kind: OperationKind.Write, Succeeded: true, Version: not null })
            .GroupBy(o => o.Key)
            .Select(g => (Key: g.Key, Acknowledged: g.Max(o => o.Version!.Value)))
            .Where(k => !stored.TryGetValue(k.Key, out var version) || version < k.Acknowledged)
            .Select(k => $"lost write: {k.Key} acknowledged version {k.Acknowledged}, the database holds {(stored.TryGetValue(k.Key, out var v) ? v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no row")}"),
    ];

    /// <summary>
    /// For each key, how long after <paramref name="from"/> its service came back: until the first success of a
    /// request sent after <paramref name="from"/>; null for a key no such request succeeded for.
    /// </summary>
    public static IReadOnlyDictionary<string, TimeSpan?> Recovery(IEnumerable<Operation> operations, IEnumerable<string> keys, long from) =>
        keys.ToDictionary(
            key => key,
            key => operations.Where(o => o.Key == key && o.Start >= from && o.Succeeded).Select(o => (long?)o.End).Min() is { } end
                ? Stopwatch.GetElapsedTime(from, end)
                : (TimeSpan?)null);

    /// <summary>
    /// The longest time any of <paramref name="keys"/> went without a successful answer between
    /// <paramref name="from"/> and <paramref name="to"/>: the largest distance between consecutive successes of one
    /// key, counting from its last success before <paramref name="from"/>; and when it began.
    /// </summary>
    public static (TimeSpan Gap, long Start) LongestGap(IEnumerable<Operation> operations, IEnumerable<string> keys, long from, long to)
    {
        (long Length, long Start) longest = (0, from);
        foreach (var key in keys)
        {
            var successes = operations.Where(o => o.Key == key && o.Succeeded).Select(o => o.End).Order().ToArray();
            var previous = successes.LastOrDefault(end => end < from, from);
            foreach (var end in successes.Where(end => end >= from && end <= to))
            {
                if (end - previous > longest.Length)
                {
                    longest = (end - previous, previous);
                }

                previous = end;
            }
        }

        return (Stopwatch.GetElapsedTime(0, longest.Length), longest.Start);
    }

    // The number of writes whose answer arrived before `time` (writes are ordered by End).
    private static int UpperBound(Operation[] writes, long time)
    {
        int low = 0, high = writes.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (writes[middle].End < time)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }
}
