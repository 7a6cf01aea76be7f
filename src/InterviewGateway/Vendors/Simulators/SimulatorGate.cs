namespace InterviewGateway.Vendors.Simulators;

/// What every vendor simulator does before its own routes, in one order: the vendor's sandbox bearer key
/// (else 401), an injected outage (503 on GETs), the vendor's rate windows (429); then it logs what was
/// asked and answered. The answers' shapes are the vendor's own, from its `SimulatorGateRules`.
internal sealed class SimulatorGate(SimulatorGateRules rules, SandboxCredentials credentials, TimeProvider time)
{
    private readonly SimulatorRateLimiter _limiter = new(time);
    private int _failGets;

    public SimulatorRequestLog Requests { get; } = new();

    /// The next `count` GETs answer 503 (0 clears it), to play a vendor outage.
    public void FailNextGets(int count) => Volatile.Write(ref _failGets, count);

    public Task<IResult> HandleAsync(HttpContext http, Func<IResult> action) =>
        HandleAsync(http, _ => Task.FromResult(action()));

    public async Task<IResult> HandleAsync(HttpContext http, Func<HttpContext, Task<IResult>> action)
    {
        var result = Admit(http) ?? await action(http);
        if (Requests.Recording)
        {
            var request = http.Request;
            var status = (result as IStatusCodeHttpResult)?.StatusCode ?? 200;
            Requests.Add(time.GetUtcNow(), request.Method, request.Path + request.QueryString, status);
        }

        return result;
    }

    /// The gate's own answer, or null to let the request through to the vendor's behaviour.
    private IResult? Admit(HttpContext http)
    {
        if (!credentials.Authorizes(rules.Vendor, http.Request))
        {
            return rules.Unauthorized();
        }

        if (HttpMethods.IsGet(http.Request.Method) && TryTakeFailure())
        {
            return rules.Unavailable();
        }

        var windows = rules.Windows();
        return windows.Count == 0 ? null : rules.ApplyRateDecision(http.Response, _limiter.TryTake(windows));
    }

    private bool TryTakeFailure()
    {
        while (Volatile.Read(ref _failGets) is var left and > 0)
        {
            if (Interlocked.CompareExchange(ref _failGets, left - 1, left) == left)
            {
                return true;
            }
        }

        return false;
    }
}
