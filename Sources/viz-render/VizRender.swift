import ArgumentParser
import Artifacts
import Dispatch
import Foundation
import Render
import Viewer
import Support
import SceneModel

@main
struct VizRender: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "viz-render",
        abstract: "Draw the training time-lapse: the network's snapshots as frames, a video with subtitles.",
        discussion: """
        Reads an activations file (cnn-train) and its embedding (umap-embed), checks that they belong \
        together, and draws one scene: a short reading guide, then a map where each test picture is \
        a dot that takes its class's colour once the network names it right (grey while wrong), \
        with the classes' names beside their islands; one caption at a time from the recorded \
        figures, circling the place on the map it speaks of; a table of how many of each class are \
        named right, a curve of the share right at every snapshot, a gallery of the pictures most \
        often mixed up, a timeline counting practice pictures, and a closing summary card. --html writes the same scene as one self-contained interactive page that \
        opens offline in a browser. Snapshots are evenly spaced; each holds still long enough to read what \
        it shows (style: reading_cps). Outputs: --video (.mp4 = H.264 yuv420p with a mov_text \
        subtitle track, .webm, .gif) with a WebVTT file beside it, --frames (one PNG per snapshot \
        plus summary.png; every frame with --all-frames), --poster. Everything is written under \
        partial names and renamed when complete. The style (JSON) sets size (even width and height), \
        theme, font, colours, panels, every sentence, caption rules, pacing; see docs/render.md.

        Example:
          viz-render --style configs/render/light.json \\
            --activations run/activations.h5 --embedding run/embedding.h5 \\
            --frames run/frames --video run/timelapse.mp4 --poster run/poster.png --html run/timelapse.html
        """,
        version: "0.2.0")

    @Option(name: .long, help: ArgumentHelp("Style file (JSON); built-in light style when omitted.", valueName: "file"))
    var style: String?

    @Option(name: .long, help: ArgumentHelp("Activations file written by cnn-train (.h5).", valueName: "file"))
    var activations: String

    @Option(name: .long, help: ArgumentHelp("Embedding file written by umap-embed from those activations (.h5).", valueName: "file"))
    var embedding: String

    @Option(name: .long, help: ArgumentHelp("Folder for PNG frames: snapshot_000.png … one per snapshot, and summary.png. Replaced as a whole.", valueName: "dir"))
    var frames: String?

    @Flag(name: .long, help: "Write every video frame (frame_00000.png …) into --frames, not only one per snapshot.")
    var allFrames = false

    @Option(name: .long, help: ArgumentHelp("Video to write (.mp4, .webm or .gif); needs ffmpeg. Subtitles go beside it (.vtt).", valueName: "file"))
    var video: String?

    @Option(name: .long, help: ArgumentHelp("WebVTT subtitles to write (default: beside --video, same name with .vtt).", valueName: "file"))
    var subtitles: String?

    @Option(name: .long, help: ArgumentHelp("PNG of the last snapshot.", valueName: "file"))
    var poster: String?

    @Option(name: .long, help: ArgumentHelp("Interactive page to write (one offline HTML file).", valueName: "file"))
    var html: String?

    @Option(name: .long, help: ArgumentHelp("Render threads (default: one per core).", valueName: "n"))
    var threads: Int = 0

    @Flag(name: .long, help: "No progress line; only milestones.")
    var quiet = false

    mutating func run() throws {
        let outputs = RenderOutputs(framesDirectory: frames, allFrames: allFrames, video: video, subtitles: subtitles,
                                    poster: poster, threads: threads)
        let (style, activations, embedding, html, threads, quiet) = (self.style, self.activations, self.embedding, self.html, self.threads, self.quiet)
        runReportingErrors(program: "viz-render") {
            guard threads >= 0 else { throw ToolError.badInput("--threads: expected an integer >= 0, got \(threads)") }
            guard outputs.framesDirectory != nil || outputs.video != nil || outputs.poster != nil || outputs.subtitles != nil || html != nil else {
                throw ToolError.badInput("nothing to write: give --frames, --video, --subtitles, --poster and/or --html")
            }
            if outputs.allFrames && outputs.framesDirectory == nil { throw ToolError.badInput("--all-frames needs --frames DIR") }
            let look = try style.map { try Style.load($0) } ?? Style()
            try IsolatedVerification.check([(activations, .activations), (embedding, .embedding)])
            let input = try RenderInput.load(activations: activations, embedding: embedding)
            _ = try look.groups?.indices(classes: input.classes) // names no class, or leaves one out: exit 2
            let scene = Scene(input: input, style: look)
            let progress = Progress(quiet: quiet)
            if let html {
                let started = DispatchTime.now().uptimeNanoseconds
                try InteractivePage.write(scene: scene, to: html)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                progress.milestone("viz-render: wrote \(html) in \(String(format: "%.2f", seconds)) s")
            }
            guard outputs.framesDirectory != nil || outputs.video != nil || outputs.poster != nil || outputs.subtitles != nil else { return }
            let renderer = try VideoRenderer(scene: scene)
            let pacing = renderer.pacing
            progress.milestone("viz-render: \(input.snapshotCount) snapshots, \(input.sampleCount) pictures, \(pacing.frames.count) frames at \(look.width)x\(look.height) = \(String(format: "%.1f", pacing.seconds)) s, \(renderer.scene.captions.count) of \(renderer.scene.candidates.count) captions")
            let started = DispatchTime.now().uptimeNanoseconds
            var drawn = 0
            try renderer.render(outputs) { done, total in
                drawn = total
                progress.status("frame \(done)/\(total)")
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            progress.milestone("viz-render: done, \(drawn) frames drawn in \(Progress.duration(seconds)) (\(String(format: "%.1f", Double(drawn) / max(seconds, 1e-9))) frames/s)")
        }
    }
}
