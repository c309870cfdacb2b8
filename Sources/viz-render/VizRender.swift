import ArgumentParser
import Artifacts
import Dispatch
import Foundation
import Render
import Support
import Viewer

@main
struct VizRender: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "viz-render",
        abstract: "Draw the training time-lapse: one frame per moment of training, joined into a video.",
        discussion: """
        Reads an activations file (cnn-train) and its embedding (umap-embed), checks that they belong \
        together, and draws frames with Cairo: each test picture is a dot coloured by its true class, \
        ringed in the guessed class's colour when the network is wrong; a legend with per-class \
        progress, captions found from the recorded figures, an accuracy curve, a gallery of the most \
        confused pictures and an epoch timeline. Dots glide between recorded epochs (style: inbetween, \
        easing, holds). Frames go to --frames as PNGs and/or are streamed into ffmpeg for --video \
        (.mp4 = H.264 yuv420p +faststart, .webm, .gif). --html writes the same scene as one \
        self-contained interactive page that opens offline in a browser. Outputs are written under partial names and \
        renamed when complete. The style file (JSON) sets size, theme, font, colours, panels, \
        sentences, fps and motion; see configs/render/ and docs/render.md.

        Example:
          viz-render --style configs/render/light.json \\
            --activations run/activations.h5 --embedding run/embedding.h5 \\
            --frames run/frames --video run/timelapse.mp4 --poster run/poster.png --html run/timelapse.html
        """,
        version: "0.1.0")

    @Option(name: .long, help: ArgumentHelp("Style file (JSON); built-in light style when omitted.", valueName: "file"))
    var style: String?

    @Option(name: .long, help: ArgumentHelp("Activations file written by cnn-train (.h5).", valueName: "file"))
    var activations: String

    @Option(name: .long, help: ArgumentHelp("Embedding file written by umap-embed from those activations (.h5).", valueName: "file"))
    var embedding: String

    @Option(name: .long, help: ArgumentHelp("Directory for numbered PNG frames (frame_00000.png, ...).", valueName: "dir"))
    var frames: String?

    @Option(name: .long, help: ArgumentHelp("Video to write (.mp4, .webm or .gif); needs ffmpeg.", valueName: "file"))
    var video: String?

    @Option(name: .long, help: ArgumentHelp("PNG of the last epoch.", valueName: "file"))
    var poster: String?

    @Option(name: .long, help: ArgumentHelp("Interactive page to write (one offline HTML file).", valueName: "file"))
    var html: String?

    @Option(name: .long, help: ArgumentHelp("Render threads (default: one per core).", valueName: "n"))
    var threads: Int = 0

    @Flag(name: .long, help: "No progress line; only milestones.")
    var quiet = false

    mutating func run() throws {
        let (style, activations, embedding, frames, video, poster, html, threads, quiet) =
            (self.style, self.activations, self.embedding, self.frames, self.video, self.poster, self.html, self.threads, self.quiet)
        runReportingErrors(program: "viz-render") {
            guard threads >= 0 else { throw ToolError.badInput("--threads: expected an integer >= 0, got \(threads)") }
            guard frames != nil || video != nil || poster != nil || html != nil else {
                throw ToolError.badInput("nothing to write: give --frames, --video, --poster and/or --html")
            }
            let look = try style.map { try Style.load($0) } ?? Style()
            let activationsFile = try ActivationsFile(path: activations)
            let input = try RenderInput(activations: activationsFile, embedding: EmbeddingFile(path: embedding))
            let scene = Scene(input: input, style: look)
            let progress = Progress(quiet: quiet)
            if let html {
                let started = DispatchTime.now().uptimeNanoseconds
                try InteractivePage.write(scene: scene, snapshots: activationsFile.snapshots, to: html)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
                progress.milestone("viz-render: wrote \(html) in \(String(format: "%.2f", seconds)) s")
            }
            guard frames != nil || video != nil || poster != nil else { return }
            let renderer = VideoRenderer(scene: scene)
            progress.milestone("viz-render: \(renderer.timeline.count) frames at \(look.width)x\(look.height), \(input.sampleCount) pictures, \(input.epochCount) epochs")
            let started = DispatchTime.now().uptimeNanoseconds
            try renderer.render(RenderOutputs(framesDirectory: frames, video: video, poster: poster, threads: threads)) { done, total in
                progress.status("frame \(done)/\(total)")
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            progress.milestone("viz-render: done, \(renderer.timeline.count) frames in \(Progress.duration(seconds)) (\(String(format: "%.1f", Double(renderer.timeline.count) / seconds)) frames/s)")
        }
    }
}
