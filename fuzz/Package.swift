// swift-tools-version: 6.0
import PackageDescription

/// libFuzzer targets for every reader of a user's file (see README.md here). The library
/// targets are the project's own sources (symlinks to ../Sources); each `Fuzz*` executable
/// defines `LLVMFuzzerTestOneInput` and gets its `main` from libFuzzer, so this package is
/// built only with `-sanitize=fuzzer` (bench/fuzz.sh).
let package = Package(
    name: "cnn-timelapse-fuzz",
    targets: [
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5-serial"),
        .systemLibrary(name: "CCairo", pkgConfig: "cairo"),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas"),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib"),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto"),
        .target(name: "Support", dependencies: ["COpenSSL"]),
        .target(name: "HDF5", dependencies: ["CHDF5", "Support"]),
        .target(name: "Artifacts", dependencies: ["HDF5", "Support"]),
        .target(name: "Datasets", dependencies: ["CCairo", "CZlib", "Support"]),
        .target(name: "Network", dependencies: ["COpenBLAS", "Support"]),
        .target(name: "Training", dependencies: ["Network", "Datasets", "Artifacts", "Support"]),
        .target(name: "FuzzInput", dependencies: ["Support"], path: "Harness/FuzzInput"),
        .executableTarget(name: "FuzzJSON", dependencies: ["FuzzInput", "Datasets", "Training"], path: "Harness/FuzzJSON"),
        .executableTarget(name: "FuzzIDX", dependencies: ["FuzzInput", "Datasets"], path: "Harness/FuzzIDX"),
        .executableTarget(name: "FuzzNPY", dependencies: ["FuzzInput", "Datasets"], path: "Harness/FuzzNPY"),
        .executableTarget(name: "FuzzNDJSON", dependencies: ["FuzzInput", "Datasets"], path: "Harness/FuzzNDJSON"),
        .executableTarget(name: "FuzzPNG", dependencies: ["FuzzInput", "Datasets"], path: "Harness/FuzzPNG"),
        .executableTarget(name: "FuzzCheckpoint", dependencies: ["FuzzInput", "Training"], path: "Harness/FuzzCheckpoint"),
        .executableTarget(name: "FuzzActivations", dependencies: ["FuzzInput", "Artifacts"], path: "Harness/FuzzActivations"),
        .executableTarget(name: "FuzzEmbedding", dependencies: ["FuzzInput", "Artifacts"], path: "Harness/FuzzEmbedding"),
    ],
    swiftLanguageModes: [.v5]
)
