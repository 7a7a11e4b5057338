package io.fabstream.registry;

import java.util.List;

/**
 * A request the registry refuses, with the HTTP status and Confluent error code it answers with;
 * the Apicurio API renders the same failure in its own problem-details shape.
 */
final class RegistryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int httpStatus;
  private final int errorCode;
  private final List<String> details;

  RegistryException(int httpStatus, int errorCode, String message, List<String> details) {
    super(message);
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
    this.details = List.copyOf(details);
  }

  RegistryException(int httpStatus, int errorCode, String message) {
    this(httpStatus, errorCode, message, List.of());
  }

  int httpStatus() {
    return httpStatus;
  }

  int errorCode() {
    return errorCode;
  }

  /** Individual causes, e.g. each incompatibility. */
  List<String> details() {
    return details;
  }

  static RegistryException subjectNotFound(String subject) {
    return new RegistryException(404, 40401, "Subject '" + subject + "' not found.");
  }

  static RegistryException versionNotFound(String subject, Object version) {
    return new RegistryException(
        404, 40402, "Version " + version + " not found for subject '" + subject + "'.");
  }

  static RegistryException schemaNotFound(String what) {
    return new RegistryException(404, 40403, "Schema " + what + " not found.");
  }

  static RegistryException subjectNotSoftDeleted(String subject) {
    return new RegistryException(
        404,
        40405,
        "Subject '" + subject + "' was not deleted first before being permanently deleted.");
  }

  static RegistryException versionNotSoftDeleted(String subject, int version) {
    return new RegistryException(
        404,
        40407,
        "Version "
            + version
            + " of subject '"
            + subject
            + "' was not deleted first before being permanently deleted.");
  }

  static RegistryException subjectLevelConfigNotFound(String subject) {
    return new RegistryException(
        404,
        40408,
        "Subject '" + subject + "' does not have subject-level compatibility configured.");
  }

  static RegistryException incompatible(String subject, List<String> messages) {
    return new RegistryException(
        409,
        409,
        "Schema being registered is incompatible with an earlier schema for subject '"
            + subject
            + "', details: "
            + messages,
        messages);
  }

  static RegistryException invalidSchema(String reason) {
    return new RegistryException(422, 42201, "Invalid schema: " + reason);
  }

  static RegistryException invalidVersion(String version) {
    return new RegistryException(
        422,
        42202,
        "The specified version '"
            + version
            + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the"
            + " string \"latest\".");
  }

  static RegistryException invalidCompatibilityLevel(String level) {
    return new RegistryException(
        422,
        42203,
        "Invalid compatibility level '"
            + level
            + "'. Valid values are NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD,"
            + " FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE.");
  }

  static RegistryException badRequest(String message) {
    return new RegistryException(400, 400, message);
  }

  static RegistryException storeFailure(String message, Throwable cause) {
    RegistryException e = new RegistryException(500, 50001, message);
    e.initCause(cause);
    return e;
  }
}
