using System.ComponentModel.DataAnnotations;

namespace InterviewGateway.Contracts;

/// Base for our own attributes whose messages are already complete sentences.
internal abstract class SentenceValidationAttribute : ValidationAttribute;
