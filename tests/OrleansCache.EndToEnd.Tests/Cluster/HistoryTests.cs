namespace OrleansCache.EndToEnd.Tests.Cluster;

/// <summary>The history checker on histories made by hand: the ones it must accept and the ones it must refuse.</summary>
public sealed class HistoryTests
{
    [Fact]
    public void A_read_that_overlaps_a_write_may_see_either_version()
    {
        Operation[] history = [Write("k", 0, 10, version: 2), Read("k", 5, 6, version: 1), Read("k", 5, 12, version: 2)];

        Assert.Empty(History.StaleReads(history));
    }

    [Fact]
    public void A_read_sent_after_a_write_was_acknowledged_must_not_see_an_older_version()
    {
        Operation[] history = [Write("k", 0, 10, version: 2), Read("k", 11, 12, version: 1, frontend: 1)];

        var violation = Assert.Single(History.StaleReads(history));
        Assert.Contains("returned version 1", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void The_newest_acknowledged_version_counts_even_when_acknowledgements_came_out_of_order()
    {
        // Version 3 was acknowledged first, version 2 later; a read after both must see at least 3.
        Operation[] history = [Write("k", 0, 5, version: 3), Write("k", 0, 8, version: 2), Read("k", 9, 10, version: 2)];

        Assert.Single(History.StaleReads(history));
    }

    [Fact]
    public void Keys_are_checked_apart_and_failed_requests_prove_nothing()
    {
        Operation[] history =
        [
            Write("a", 0, 1, version: 5),
            Read("b", 2, 3, version: 1),
            Write("a", 4, 5, version: null, status: 503),
            Read("a", 6, 7, version: 5),
            Read("a", 8, 9, version: null, status: 503),
        ];

        Assert.Empty(History.StaleReads(history));
        Assert.Empty(History.UnexpectedAnswers(history));
    }

    [Fact]
    public void Two_acknowledged_writes_with_one_version_are_a_lost_write()
    {
        Operation[] history = [Write("k", 0, 1, version: 2), Write("k", 0, 2, version: 2, frontend: 1), Write("j", 0, 2, version: 2)];

        var violation = Assert.Single(History.DuplicateVersions(history));
        Assert.Contains("of k answered version 2", violation, StringComparison.Ordinal);
    }

    [Fact]
    public void Answers_outside_the_contract_and_missing_answers_are_reported()
    {
        Operation[] history = [Read("k", 0, 1, null, status: 500), Read("k", 0, 1, null, status: 0), Write("k", 0, 1, null, status: 412), Read("k", 0, 1, null, status: 304)];

        Assert.Equal(2, History.UnexpectedAnswers(history).Count);
    }

    [Fact]
    public void A_database_older_than_an_acknowledged_write_is_a_lost_write()
    {
        Operation[] history = [Write("k", 0, 1, version: 4), Write("j", 0, 1, version: 2)];

        Assert.Empty(History.LostWrites(history, new Dictionary<string, long> { ["k"] = 5, ["j"] = 2 }));
        Assert.Equal(2, History.LostWrites(history, new Dictionary<string, long> { ["k"] = 3 }).Count);
    }

    [Fact]
    public void Recovery_is_the_first_success_of_a_request_sent_after_the_event()
    {
        var second = System.Diagnostics.Stopwatch.Frequency;
        Operation[] history = [Read("k", 0, 2 * second, 1), Read("k", 1 * second, 3 * second, 1, status: 503), Read("k", 2 * second, 5 * second, 1)];

        var recovery = History.Recovery(history, ["k", "never"], from: 1 * second);

        Assert.Equal(TimeSpan.FromSeconds(4), recovery["k"]);
        Assert.Null(recovery["never"]);
    }

    [Fact]
    public void The_longest_gap_is_the_widest_space_between_successes_of_one_key_counted_from_its_last_success_before()
    {
        var second = System.Diagnostics.Stopwatch.Frequency;
        Operation[] history =
        [
            Read("k", 0, 1 * second, 1), Read("k", 0, 4 * second, 1, status: 503), Read("k", 0, 5 * second, 1),
            Read("j", 0, 2 * second, 1), Read("j", 0, 3 * second, 1),
            Read("k", 0, 60 * second, 1),
        ];

        var (gap, start) = History.LongestGap(history, ["k", "j"], from: 2 * second, to: 10 * second);

        Assert.Equal(TimeSpan.FromSeconds(4), gap);
        Assert.Equal(1 * second, start);
    }

    private static Operation Read(string key, long start, long end, long? version, int status = 200, int frontend = 0) =>
        new(0, frontend, key, OperationKind.Read, start, end, status, version);

    private static Operation Write(string key, long start, long end, long? version, int status = 200, int frontend = 0) =>
        new(0, frontend, key, OperationKind.Write, start, end, status, version);
}
