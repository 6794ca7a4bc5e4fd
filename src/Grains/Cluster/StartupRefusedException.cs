namespace OrleansCache.Cluster;

/// <summary>
/// A process must not start because of a setting, or because what a setting names cannot be used (a database that
/// does not answer). The message is one line that names the configuration key; the host prints it and exits.
/// </summary>
public sealed class StartupRefusedException : Exception
{
    public StartupRefusedException()
        : this("A setting refuses the start.")
    {
    }

    public StartupRefusedException(string message)
        : base(message)
    {
    }

    public StartupRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The refusal in <paramref name="exception"/> or among its inner exceptions (a host wraps what a start-up stage threw).</summary>
    public static StartupRefusedException? Find(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is StartupRefusedException refused)
            {
                return refused;
            }

            if (current is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (Find(inner) is { } found)
                    {
                        return found;
                    }
                }
            }
        }

        return null;
    }
}
