// swift-tools-version: 6.0
import PackageDescription

/// cnn-timelapse: three programs (`cnn-train`, `umap-embed`, `viz-render`) that talk through
/// HDF5 files, plus `timelapse`, which runs them as a pipeline. The work lives in library
/// targets split by concern; the executables only parse arguments and report progress.
let package = Package(
    name: "cnn-timelapse",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "cnn-train", targets: ["cnn-train"]),
        .executable(name: "umap-embed", targets: ["umap-embed"]),
        .executable(name: "viz-render", targets: ["viz-render"]),
        .executable(name: "timelapse", targets: ["timelapse"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // C libraries from Debian, through small shims.
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5-serial",
                       providers: [.apt(["libhdf5-dev"])]),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo",
                       providers: [.apt(["libcairo2-dev", "libfontconfig-dev"])]),
        // Pango through its own declarations (see shim.h): pangocairo's pkg-config flags carry -pthread.
        .systemLibrary(name: "CPango", providers: [.apt(["libpango1.0-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib",
                       providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CDeflate", pkgConfig: "libdeflate",
                       providers: [.apt(["libdeflate-dev"])]),
        .systemLibrary(name: "CSpng", pkgConfig: "spng",
                       providers: [.apt(["libspng-dev"])]),
        .systemLibrary(name: "CWebP", pkgConfig: "libwebp",
                       providers: [.apt(["libwebp-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto",
                       providers: [.apt(["libssl-dev"])]),

        // Shared plumbing: errors, strict JSON configs, progress, atomic outputs, digests.
        .target(name: "Support", dependencies: ["COpenSSL"]),
        // A Swift layer over HDF5.
        .target(name: "HDF5", dependencies: ["CHDF5", "Support"]),
        // The artifact contract: activations.h5 and embedding.h5.
        .target(name: "Artifacts", dependencies: ["HDF5", "Support"]),
        // Data sets: IDX, Quick, Draw! (.npy, .ndjson), PNG folders, generated sketches.
        .target(name: "Datasets", dependencies: ["CCairo", "CZlib", "Support"]),
        // The convolutional network: layers, losses, optimizers, on OpenBLAS.
        // Optimised in debug builds too: unspecialised, its SIMD loops (Adam, pooling, Winograd)
        // spent nine tenths of a debug training run in the runtime's generic metadata lookups.
        .target(name: "Network", dependencies: ["COpenBLAS", "Support"],
                swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // cnn-train's work: config, training loop, recording, checkpoints, resume.
        .target(name: "Training", dependencies: ["Network", "Datasets", "Artifacts", "Support"]),
        // UMAP and its aligned-across-epochs variant, on OpenBLAS/LAPACK.
        .target(name: "UMAP", dependencies: ["COpenBLAS", "Support"]),
        // umap-embed's work: config, reading activations, writing the embedding file.
        .target(name: "Embedding", dependencies: ["UMAP", "Artifacts", "Support"]),
        // What a time-lapse shows, free of Cairo: the style, the words, the captions, the pacing,
        // the layout and every snapshot's moment. Both painters (Render, Viewer) only paint it.
        // Its words are the language files in languages/.
        .target(name: "SceneModel", dependencies: ["Artifacts", "Support"], resources: [.copy("languages")]),
        // viz-render's frames: the Cairo painters, PNG and the video through ffmpeg.
        // Optimised in debug builds too: its pixel loops over SIMD vectors (YUV420) run about a
        // hundred times slower unoptimised, which made the debug render tests take minutes.
        .target(name: "Render", dependencies: ["SceneModel", "CCairo", "CPango", "CZlib", "Artifacts", "Support"],
                swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        // The offline interactive page: the same scene as the frames, as one self-contained HTML file.
        .target(name: "Viewer", dependencies: ["SceneModel", "Artifacts", "CWebP", "Support"], resources: [.copy("Page")]),
        // timelapse's work: pipelines, fingerprints, the manifest.
        .target(name: "Pipeline", dependencies: ["Artifacts", "Support"]),

        .executableTarget(name: "cnn-train", dependencies: [
            "Training", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "umap-embed", dependencies: [
            "Embedding", "Artifacts", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        .executableTarget(name: "viz-render", dependencies: [
            "Render", "SceneModel", "Viewer", "Artifacts", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // timelapse links the stage config readers only to generate schemas/ from them.
        .executableTarget(name: "timelapse", dependencies: [
            "Pipeline", "Training", "Embedding", "SceneModel", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // Benchmarks' own drivers (bench/*.sh run them).
        .executableTarget(name: "train-step", dependencies: ["Network", "Support", "COpenBLAS"], path: "bench/train-step"),
        .executableTarget(name: "png-writers", dependencies: ["Render", "CZlib", "CDeflate", "CSpng"], path: "bench/png-writers"),

        .testTarget(name: "SupportTests", dependencies: ["Support"]),
        .testTarget(name: "HDF5Tests", dependencies: ["HDF5", "Artifacts"], resources: [.copy("Fixtures")]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets"]),
        .testTarget(name: "NetworkTests", dependencies: ["Network"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TrainingTests", dependencies: ["Training"]),
        .testTarget(name: "UMAPTests", dependencies: ["UMAP"], resources: [.copy("Fixtures")]),
        .testTarget(name: "EmbeddingTests", dependencies: ["Embedding", "Artifacts"]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "SceneModel", "Viewer", "Artifacts"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ViewerTests", dependencies: ["Viewer", "SceneModel", "Artifacts", "CWebP", "Support"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v5]
)
