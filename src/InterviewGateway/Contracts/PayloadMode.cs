namespace InterviewGateway.Contracts;

/// What a subscription receives: the interview (thin), or the interview and its transcript (full).
internal enum PayloadMode
{
    Thin,
    Full,
}
