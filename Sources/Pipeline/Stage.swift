import Support

/// One step of a pipeline: a program run as its own process on a resolved config.
/// The command is `program configFlag configFile arguments… [resumeFlag]`.
public struct Stage: Sendable {
    /// "train", "embed", "render".
    public let name: String
    /// The executable's name, looked up by `ProgramLocator` ("cnn-train").
    public let program: String
    /// The resolved config (overrides applied, paths absolute); written to `configFile`.
    public let config: JSONValue
    public let configFile: String
    public let configFlag: String
    public let arguments: [String]
    /// Files read by the stage; their digests enter the fingerprint.
    public let inputs: [String]
    /// Files the stage makes; they must exist and match their recorded digests to skip it.
    public let outputs: [String]
    /// Passed when rerunning a stage that was interrupted with the same fingerprint.
    public let resumeFlag: String?

    public init(name: String, program: String, config: JSONValue, configFile: String, configFlag: String = "--config",
                arguments: [String], inputs: [String], outputs: [String], resumeFlag: String? = nil) {
        self.name = name; self.program = program; self.config = config; self.configFile = configFile
        self.configFlag = configFlag; self.arguments = arguments; self.inputs = inputs; self.outputs = outputs
        self.resumeFlag = resumeFlag
    }
}
