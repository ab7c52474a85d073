using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;

namespace CreatorLedger.Witness;

/// <summary>
/// Stops the host on SIGINT/SIGTERM (when asked to), and unlike the console lifetime does not hook process exit: the
/// console lifetime's exit handler waits for the host to stop, which a request calling <see cref="Environment.Exit"/>
/// (the test fault hook) never lets happen.
/// </summary>
internal sealed class WitnessLifetime(IHostApplicationLifetime application, bool handleSignals) : IHostLifetime, IDisposable
{
    private readonly List<PosixSignalRegistration> _registrations = [];

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        if (handleSignals)
        {
            foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT })
                _registrations.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true;
                    application.StopApplication();
                }));
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _registrations.Clear();
    }
}
