using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace OrleansCache.EndToEnd.Tests.Support;

/// <summary>
/// Test hosts of the project's own on one machine: a Linux bridge in this namespace with the address
/// <see cref="HostAddress"/> and one network namespace per host, wired to it by a veth pair, in a private
/// 10.77.x.0/24 subnet picked per lab. A host's traffic can be cut (its link taken down) and restored. Disposing
/// removes every namespace and link it made. Needs root and iproute2.
/// </summary>
internal sealed class NetworkLab : IDisposable
{
    private static readonly string[] IpPaths = ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"];

    private readonly string _id = Guid.NewGuid().ToString("N")[..4];
    private readonly int _subnet = Random.Shared.Next(10, 250);
    private readonly List<string> _namespaces = [];
    private bool _bridge;

    private NetworkLab()
    {
    }

    /// <summary>Why a lab cannot be made here, or null when it can.</summary>
    public static string? Unavailable =>
        !Environment.IsPrivilegedProcess ? "network namespaces need root"
        : !IpPaths.Any(File.Exists) ? "iproute2 (ip) is not installed"
        : null;

    /// <summary>This namespace's address on the bridge: the hosts reach processes of the test run here.</summary>
    public IPAddress HostAddress => Address(1);

    private string Bridge => $"ocb{_id}";

    /// <summary>A lab with <paramref name="hosts"/> hosts, named <see cref="Namespace"/>(0…) at <see cref="AddressOf"/>(0…).</summary>
    public static NetworkLab Create(int hosts)
    {
        var lab = new NetworkLab();
        try
        {
            Ip("link", "add", lab.Bridge, "type", "bridge");
            lab._bridge = true;
            Ip("addr", "add", $"{lab.HostAddress}/24", "dev", lab.Bridge);
            Ip("link", "set", lab.Bridge, "up");
            for (var i = 0; i < hosts; i++)
            {
                var name = lab.Namespace(i);
                Ip("netns", "add", name);
                lab._namespaces.Add(name);
                Ip("link", "add", lab.HostLink(i), "type", "veth", "peer", "name", lab.GuestLink(i));
                Ip("link", "set", lab.GuestLink(i), "netns", name);
                Ip("link", "set", lab.HostLink(i), "master", lab.Bridge);
                Ip("link", "set", lab.HostLink(i), "up");
                Ip("-n", name, "addr", "add", $"{lab.AddressOf(i)}/24", "dev", lab.GuestLink(i));
                Ip("-n", name, "link", "set", lab.GuestLink(i), "up");
                Ip("-n", name, "link", "set", "lo", "up");
            }

            return lab;
        }
        catch
        {
            lab.Dispose();
            throw;
        }
    }

    /// <summary>The network namespace of host <paramref name="host"/>.</summary>
    public string Namespace(int host) => $"oc{_id}h{host}";

    /// <summary>The address of host <paramref name="host"/>.</summary>
    public IPAddress AddressOf(int host) => Address(11 + host);

    /// <summary>Drops all traffic of host <paramref name="host"/>: its link to the bridge goes down.</summary>
    public void Cut(int host) => Ip("link", "set", HostLink(host), "down");

    /// <summary>Restores the traffic of host <paramref name="host"/>.</summary>
    public void Restore(int host) => Ip("link", "set", HostLink(host), "up");

    public void Dispose()
    {
        // Deleting a namespace deletes the veth pair whose end is in it.
        foreach (var name in _namespaces)
        {
            TryIp("netns", "del", name);
        }

        if (_bridge)
        {
            TryIp("link", "del", Bridge);
        }
    }

    private string HostLink(int host) => $"oc{_id}v{host}";

    private string GuestLink(int host) => $"oc{_id}p{host}";

    private IPAddress Address(int last) => IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"10.77.{_subnet}.{last}"));

    private static void Ip(params string[] arguments)
    {
        var (code, error) = Run(arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"ip {string.Join(' ', arguments)} failed ({code}): {error}");
        }
    }

    private static void TryIp(params string[] arguments) => Run(arguments);

    private static (int Code, string Error) Run(string[] arguments)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("ip did not start");
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error.Trim());
    }
}
