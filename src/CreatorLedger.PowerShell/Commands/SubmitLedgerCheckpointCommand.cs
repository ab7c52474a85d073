using System.Management.Automation;
using CreatorLedger.Transparency;

namespace CreatorLedger.PowerShell.Commands;

/// <summary>
/// Sends the newest signed checkpoint to witnesses (C2SP tlog-witness), each with the consistency proof it needs, and
/// keeps the cosignatures they return with the note. A witness that is down or refuses is an error of its own; the others
/// are still tried.
/// </summary>
[Cmdlet(VerbsLifecycle.Submit, "LedgerCheckpoint", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = UrlSet)]
[OutputType(typeof(WitnessSubmission))]
public sealed class SubmitLedgerCheckpointCommand : LedgerCmdlet
{
    private const string UrlSet = "Url";
    private const string PolicySet = "Policy";

    /// <summary>The witnesses' addresses (their submission prefix, for example http://witness.example/w1).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = UrlSet)]
    [ValidateNotNullOrEmpty]
    public string[] Witness { get; set; } = [];

    /// <summary>A C2SP tlog-policy file: its witnesses that have a URL, whose cosignatures are checked with their keys.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PolicySet)]
    [ValidateNotNullOrEmpty]
    public string Policy { get; set; } = "";

    /// <summary>How long to wait for each witness, in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = 30;

    protected override void EndProcessing()
    {
        var witnesses = ParameterSetName == PolicySet ? WitnessEndpoint.Of(ReadPolicy(Policy)) : ParseUrls();
        if (witnesses.Count == 0)
            ThrowArgumentError(ErrorIds.NoWitness, $"The policy '{Policy}' names no witness with a URL to submit to.", Policy);
        var store = ConnectedStore();
        var log = new TransparencyLog(store);
        var signed = Guard(() => Run(log.LatestAsync()) ?? throw new TransparencyException(TransparencyProblem.CheckpointNotSigned,
            $"{store.Description} has no signed checkpoint: its operator signs one with Publish-LedgerCheckpoint."));
        if (!ShouldProcess($"{signed.Checkpoint} of {signed.Body.Origin} to {string.Join(", ", witnesses.Select(w => w.Url))}", "Submit checkpoint to witnesses")) return;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(TimeoutSec) };
        var outcomes = Guard(() => Run(Transparency.WitnessSubmission.SubmitAsync(log, signed, witnesses, new WitnessClient(http))));
        foreach (var outcome in outcomes)
        {
            WriteObject(new CreatorLedger.WitnessSubmission
            {
                Witness = outcome.Witness.Url.ToString(), Name = outcome.Witness.Name, Status = outcome.Status.ToString(), OldSize = outcome.OldSize,
                Checkpoint = signed.Checkpoint.ToString(), Message = outcome.Message,
            });
            if (outcome.Status == SubmissionStatus.Cosigned) continue;
            var (id, category) = outcome.Status switch
            {
                SubmissionStatus.Unreachable => (ErrorIds.WitnessUnreachable, ErrorCategory.ConnectionError),
                SubmissionStatus.Ahead => (ErrorIds.WitnessAhead, ErrorCategory.SecurityError),
                _ => (ErrorIds.WitnessRefused, ErrorCategory.InvalidResult),
            };
            WriteError(new ErrorRecord(new InvalidOperationException(outcome.Message), id, category, outcome.Witness.Url.ToString()));
        }
    }

    private List<WitnessEndpoint> ParseUrls()
    {
        var endpoints = new List<WitnessEndpoint>();
        foreach (var text in Witness)
        {
            if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || !string.IsNullOrEmpty(url.Query))
                ThrowArgumentError(ErrorIds.InvalidUrl, $"'{text}' is not a witness address (http:// or https://, without a query).", text);
            endpoints.Add(new WitnessEndpoint(url!));
        }
        return endpoints;
    }
}
