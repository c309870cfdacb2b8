import Foundation
import Support

/// Runs a pipeline's stages in order, each as its own process, skipping those whose
/// fingerprint is unchanged and whose outputs are intact (see `Fingerprint`, `Manifest`).
///
/// Safety: the output folder is locked for the whole run (`OutputLock`); the manifest is
/// rewritten atomically before a stage starts (marking it in progress) and after it ends
/// (recording fingerprint, output digests, seconds, quality), so after a kill at any moment
/// the next run reruns exactly the unfinished stage — with its resume flag, if it has one
/// and was interrupted with the same fingerprint. Stages die with `timelapse` (see `setpriv`).
public final class PipelineRunner {
    /// Reads quality figures from a finished stage's outputs (name → value).
    public typealias QualityReader = (_ stage: Stage) -> [String: Double]

    /// util-linux's setpriv (Debian: essential), used to launch each stage with a parent-death
    /// signal so a stage never outlives a killed `timelapse` and races the next run.
    static let setpriv = "/usr/bin/setpriv"

    public let stages: [Stage]
    public let output: String
    public let pipelineFile: String
    private let programs: ProgramLocator
    private let progress: Support.Progress
    private let quality: QualityReader

    public init(stages: [Stage], output: String, pipelineFile: String, programs: ProgramLocator = ProgramLocator(),
                progress: Support.Progress = Support.Progress(), quality: @escaping QualityReader = ArtifactQuality.read) {
        self.stages = stages; self.output = output; self.pipelineFile = pipelineFile
        self.programs = programs; self.progress = progress; self.quality = quality
    }

    public convenience init(pipeline: PipelineFile, programs: ProgramLocator = ProgramLocator(), progress: Support.Progress = Support.Progress()) {
        self.init(stages: pipeline.stages, output: pipeline.output, pipelineFile: pipeline.file, programs: programs, progress: progress)
    }

    /// Runs (or with `dryRun`, plans) the pipeline; returns each stage's decision.
    @discardableResult
    public func run(_ options: RunOptions) throws -> [StageDecision] {
        let names = stages.map(\.name)
        try options.check(stageNames: names)
        let lock = options.dryRun ? nil : try OutputLock(directory: output)
        defer { withExtendedLifetime(lock) {} }
        var manifest = Manifest.load(directory: output, pipeline: pipelineFile)
        manifest.lastRun = []
        var decisions = [StageDecision](), rebuilt = [String: String]()
        for (index, stage) in stages.enumerated() {
            let selection = options.selection(of: stage.name, at: index, in: names)
            if case .excluded(let why) = selection {
                decisions.append(report(StageDecision(stage: stage.name, run: false, reason: why), &manifest))
                continue
            }
            let program = try programs.path(of: stage.program)
            if let producer = stage.inputs.compactMap({ rebuilt[$0] }).first, options.dryRun {
                decisions.append(report(StageDecision(stage: stage.name, run: true, reason: "its input is rebuilt by \(producer)"), &manifest))
                stage.outputs.forEach { rebuilt[$0] = stage.name }
                continue
            }
            for input in stage.inputs where !FileManagerPaths.exists(input) {
                throw ToolError.failed("\(stage.name) needs \(input), which does not exist; run the stages before it first (without --only/--from)")
            }
            var inputs = DataFiles.stamps(config: stage.config, stage: stage.name)
            for input in stage.inputs { inputs[input] = try Digest.sha256(file: input) }
            let fingerprint = Fingerprint(programVersion: try programs.digest(of: program), config: stage.config,
                                          arguments: [stage.configFlag, stage.configFile] + stage.arguments, inputs: inputs)
            let decision: StageDecision
            if case .forced(let why) = selection {
                decision = StageDecision(stage: stage.name, run: true, reason: why)
            } else {
                decision = decide(stage, fingerprint, manifest.stages[stage.name])
            }
            decisions.append(report(decision, &manifest, print: options.dryRun || !decision.run))
            guard decision.run else { continue }
            stage.outputs.forEach { rebuilt[$0] = stage.name }
            if options.dryRun { continue }
            try execute(stage, program: program, fingerprint: fingerprint, reason: decision.reason, manifest: &manifest)
        }
        if !options.dryRun { try manifest.save(directory: output) }
        let ran = decisions.filter(\.run).count, shown = FileManagerPaths.relative(output, to: FileManagerPaths.currentDirectory)
        progress.milestone(options.dryRun
            ? "plan: \(ran) to run, \(decisions.count - ran) to skip; output \(shown)"
            : "done: \(ran) ran, \(decisions.count - ran) skipped; output \(shown)")
        return decisions
    }

    /// Skip when the manifest's record has the same fingerprint and every output still has its recorded digest.
    private func decide(_ stage: Stage, _ fingerprint: Fingerprint, _ record: StageRecord?) -> StageDecision {
        func run(_ why: String) -> StageDecision { StageDecision(stage: stage.name, run: true, reason: why) }
        guard let record else { return run("no previous run") }
        guard record.fingerprint == fingerprint else { return run(fingerprint.changes(since: record.fingerprint)) }
        for out in stage.outputs {
            let key = FileManagerPaths.relative(out, to: output)
            guard FileManagerPaths.exists(out) else { return run("output \(key) is missing") }
            guard let digest = try? Digest.sha256(file: out), digest == record.outputs[key] else {
                return run("output \(key) was modified")
            }
        }
        return StageDecision(stage: stage.name, run: false, reason: "fingerprint unchanged, outputs intact")
    }

    private func report(_ d: StageDecision, _ manifest: inout Manifest, print: Bool = true) -> StageDecision {
        manifest.lastRun.append((d.stage, d.run ? "ran" : "skipped", d.reason))
        if print { progress.milestone(d.line) }
        return d
    }

    private func execute(_ stage: Stage, program: String, fingerprint: Fingerprint, reason: String, manifest: inout Manifest) throws {
        let resume = stage.resumeFlag.flatMap { flag in
            manifest.inProgress.map { $0 == (stage.name, fingerprint.digest) } == true ? flag : nil
        }
        try AtomicOutput.write(Data((stage.config.serialized(indent: 2) + "\n").utf8), to: stage.configFile)
        manifest.stages[stage.name] = nil
        manifest.inProgress = (stage.name, fingerprint.digest)
        try manifest.save(directory: output)
        let arguments = [stage.configFlag, stage.configFile] + stage.arguments + (resume.map { [$0] } ?? [])
        progress.milestone("\(stage.name): running (\(reason)\(resume == nil ? "" : ", resuming")): \(stage.program) \(arguments.joined(separator: " "))")
        let started = Date()
        let process = Process()
        if FileManagerPaths.isExecutable(Self.setpriv) {
            process.executableURL = URL(fileURLWithPath: Self.setpriv)
            process.arguments = ["--pdeathsig", "KILL", "--", program] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = arguments
        }
        do { try process.run() } catch {
            throw ToolError.failed("\(stage.name): cannot start \(program): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(started)
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let how = process.terminationReason == .exit ? "exited with status \(process.terminationStatus)" : "was killed by signal \(process.terminationStatus)"
            throw ToolError.failed("\(stage.name): \(stage.program) \(how) after \(Support.Progress.duration(seconds)); fix the cause and rerun (finished stages are kept)")
        }
        var outputs = [String: String]()
        for out in stage.outputs {
            guard FileManagerPaths.exists(out) else {
                throw ToolError.failed("\(stage.name): \(stage.program) succeeded but did not write \(out)")
            }
            outputs[FileManagerPaths.relative(out, to: output)] = try Digest.sha256(file: out)
        }
        let figures = quality(stage)
        manifest.stages[stage.name] = StageRecord(fingerprint: fingerprint, outputs: outputs,
                                                  finishedAt: ISO8601DateFormatter().string(from: Date()),
                                                  seconds: seconds, quality: figures)
        manifest.inProgress = nil
        try manifest.save(directory: output)
        let shown = figures.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.4g", $0.value))" }
        progress.milestone("\(stage.name): ran in \(seconds < 10 ? String(format: "%.1fs", seconds) : Support.Progress.duration(seconds))\(shown.isEmpty ? "" : " (\(shown.joined(separator: ", ")))")")
    }
}
