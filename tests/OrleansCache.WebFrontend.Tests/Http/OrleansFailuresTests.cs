using Orleans.Runtime.Messaging;
using OrleansCache.WebFrontend.Http;

namespace OrleansCache.WebFrontend.Tests.Http;

public sealed class OrleansFailuresTests
{
    public static TheoryData<Exception> Outages => new()
    {
        new ConnectionFailedException("no connection"),
        new SiloUnavailableException("gone"),
        new GatewayTooBusyException(),
        new TimeoutException("unanswered"),
        Rejection("Exception while sending message", new ConnectionFailedException("refused")),
    };

    [Theory]
    [MemberData(nameof(Outages))]
    public void Outages_are_outages_and_are_not_sent_again(Exception exception)
    {
        Assert.True(OrleansFailures.IsOutage(exception));
        Assert.False(OrleansFailures.IsRejectionToRetry(exception));
    }

    [Fact]
    public void A_forward_limit_rejection_is_not_an_outage_and_is_sent_again()
    {
        var rejection = Rejection("Forwarding failed: tried to forward message for 2 times after DeactivateOnIdle was called");

        Assert.False(OrleansFailures.IsOutage(rejection));
        Assert.True(OrleansFailures.IsRejectionToRetry(rejection));
        Assert.False(OrleansFailures.IsOutage(new InvalidOperationException("a bug")));
        Assert.False(OrleansFailures.IsRejectionToRetry(new InvalidOperationException("a bug")));
    }

    [Fact]
    public async Task A_rejected_call_is_sent_again_until_it_is_answered()
    {
        var calls = 0;
        var answer = await OrleansFailures.CallAsync(0, _ => ++calls < OrleansFailures.Attempts
            ? ValueTask.FromException<int>(Rejection("forward limit"))
            : ValueTask.FromResult(42));

        Assert.Equal(42, answer);
        Assert.Equal(OrleansFailures.Attempts, calls);
    }

    [Fact]
    public async Task A_call_rejected_every_time_gives_up_after_the_attempts_and_an_outage_at_once()
    {
        var calls = 0;
        await Assert.ThrowsAsync<OrleansMessageRejectionException>(() => OrleansFailures.CallAsync(0, _ =>
        {
            calls++;
            return Task.FromException<int>(Rejection("forward limit"));
        }));
        Assert.Equal(OrleansFailures.Attempts, calls);

        calls = 0;
        await Assert.ThrowsAsync<ConnectionFailedException>(() => OrleansFailures.CallAsync(0, _ =>
        {
            calls++;
            return Task.FromException<int>(new ConnectionFailedException("down"));
        }));
        Assert.Equal(1, calls);
    }

    // Orleans makes these itself (its constructors are not public): made here the way it makes them.
    private static OrleansMessageRejectionException Rejection(string message, Exception? inner = null) =>
        (OrleansMessageRejectionException)Activator.CreateInstance(
            typeof(OrleansMessageRejectionException),
            System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public,
            binder: null,
            inner is null ? [message] : [message, inner],
            culture: null)!;
}
