using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using InterviewGateway.Infrastructure.Errors;
using InterviewGateway.Contracts;

namespace InterviewGateway.Api;

/// Data-annotation validation of request records, recursing into nested records, with error keys in
/// the API's snake_case JSON names (`participant.email`). Runs as an endpoint filter, before the handler.
/// (The .NET 10 validation generator does not discover internal request types behind method-group
/// handlers, so this small validator is used instead.)
internal static class RequestValidation
{
    public static RouteGroupBuilder WithRequestValidation(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            foreach (var argument in context.Arguments)
            {
                if (argument is not null && IsRequestRecord(argument.GetType())
                    && Validate(argument) is { Count: > 0 } errors)
                {
                    throw new ProblemException(400, ProblemTypes.Validation, "One or more validation errors occurred",
                        string.Join(" ", errors.SelectMany(e => e.Value)))
                    {
                        Errors = errors,
                    };
                }
            }

            return await next(context);
        });

    public static Dictionary<string, string[]> Validate(object instance)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        Collect(instance, "", errors);
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    private static void Collect(object instance, string prefix, Dictionary<string, List<string>> errors)
    {
        foreach (var property in instance.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var name = prefix + JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name);
            var value = property.GetValue(instance);
            foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>())
            {
                if (!attribute.IsValid(value))
                {
                    var message = attribute is RequiredAttribute ? $"{name} is required."
                        : attribute.ErrorMessage is null && attribute is not SentenceValidationAttribute
                            ? $"{name}: {attribute.FormatErrorMessage(name)}"
                        : attribute.FormatErrorMessage(name);
                    (errors.TryGetValue(name, out var list) ? list : errors[name] = []).Add(message);
                }
            }

            if (value is not null and not string and not IEnumerable && IsRequestRecord(property.PropertyType))
            {
                Collect(value, name + ".", errors);
            }
        }
    }

    private static bool IsRequestRecord(Type type) =>
        type.Namespace == typeof(Contracts.CreateInterviewRequest).Namespace && type.IsClass;
}
