package dev.bayesrg.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.bayesrg.config.ConfigException;
import dev.bayesrg.config.DataConfig;
import dev.bayesrg.config.ExperimentConfig;
import dev.bayesrg.config.NnftConfig;
import dev.bayesrg.io.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The files a run reads besides its configuration (the data CSV, the mesh CSV), each by its
 * configuration field, absolute path and SHA-256. A run records them so that a resume, which may
 * start in another working directory days later, reads the very same bytes, and refuses to go on
 * when a file has moved or changed: members trained on two data sets would otherwise be averaged
 * into one ensemble without a word.
 *
 * @param files the input files, in the order the run reads them (none for generated data)
 */
public record RunInputs(List<InputFile> files) {
    /** A run that reads no file. */
    public static final RunInputs NONE = new RunInputs(List.of());

    /**
     * One input file.
     *
     * @param field  the configuration field that names it ({@code data.csv}, {@code nnft.csv})
     * @param path   its absolute, normalised path
     * @param sha256 the SHA-256 of its bytes, lower-case hex
     */
    public record InputFile(String field, String path, String sha256) {}

    public RunInputs {
        files = List.copyOf(files);
    }

    /**
     * The input files of {@code config}, relative paths resolved against {@code baseDirectory},
     * each hashed now. A file that cannot be read is reported as bad input naming its field.
     */
    public static RunInputs of(ExperimentConfig config, Path baseDirectory) {
        List<InputFile> files = new ArrayList<>();
        if (config.data().source() == DataConfig.Source.CSV && config.data().csv() != null) {
            files.add(hashed("data.csv", baseDirectory.resolve(config.data().csv())));
        }
        if (config.data().source() == DataConfig.Source.NPY && config.data().directory() != null) {
            for (Path file : arrayFiles(baseDirectory.resolve(config.data().directory()))) {
                files.add(hashed("data.directory", file));
            }
        }
        if (config.nnft().mesh() == NnftConfig.Mesh.CSV && config.nnft().csv() != null) {
            files.add(hashed("nnft.csv", baseDirectory.resolve(config.nnft().csv())));
        }
        return new RunInputs(files);
    }

    /** The array files ({@code .npy}, {@code .npz}) of a {@code data.directory}, sorted by name. */
    private static List<Path> arrayFiles(Path directory) {
        try (java.util.stream.Stream<Path> listing = Files.list(directory)) {
            return listing.filter(f -> {
                        String name = f.getFileName().toString();
                        return name.endsWith(".npy") || name.endsWith(".npz");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ConfigException("data.directory", "cannot list " + directory + " (" + e.getMessage() + ")");
        }
    }

    private static InputFile hashed(String field, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        try {
            return new InputFile(field, absolute.toString(), sha256(absolute));
        } catch (IOException e) {
            throw new ConfigException(field, "cannot read " + absolute + " (" + e.getMessage() + ")");
        }
    }

    /**
     * What the files hold, without where they lie: {@code field=sha256} per file, in order. Two runs
     * read the same data exactly when these are equal, whatever node or directory each read it from.
     */
    public List<String> contents() {
        return files.stream().map(f -> f.field() + "=" + f.sha256()).toList();
    }

    /** The SHA-256 of a file's bytes, lower-case hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest = newSha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * Checks that every file is still where it was and holds the same bytes; a moved, deleted or
     * edited file is refused as bad input naming {@code where} (the run directory), the field, the
     * path and what changed.
     */
    public void verify(String where) {
        for (InputFile f : files) {
            Path path = Path.of(f.path());
            if (!Files.isRegularFile(path)) {
                throw new ConfigException(
                        where,
                        f.field() + " " + f.path() + " is gone (the run read it when it started); "
                                + "put the same file back there to resume");
            }
            String now;
            try {
                now = sha256(path);
            } catch (IOException e) {
                throw new ConfigException(
                        where, f.field() + " " + f.path() + " cannot be read (" + e.getMessage() + ")");
            }
            if (!now.equals(f.sha256())) {
                throw new ConfigException(
                        where,
                        f.field() + " " + f.path() + " has changed since the run started (SHA-256 "
                                + abbreviated(f.sha256()) + " then, " + abbreviated(now)
                                + " now); members trained on two data sets are not mixed: restore the file, "
                                + "or start a new run");
            }
        }
    }

    private static String abbreviated(String hash) {
        return hash.length() > 12 ? hash.substring(0, 12) : hash;
    }

    /** The files as a JSON array of {@code {field, path, sha256}}. */
    public ArrayNode toJson() {
        ArrayNode array = Json.array();
        for (InputFile f : files) {
            ObjectNode o = array.addObject();
            o.put("field", f.field());
            o.put("path", f.path());
            o.put("sha256", f.sha256());
        }
        return array;
    }

    /** The files of a JSON array written by {@link #toJson()} (none for a missing node). */
    public static RunInputs fromJson(JsonNode array, String file) {
        List<InputFile> files = new ArrayList<>();
        if (array == null || array.isMissingNode() || array.isNull()) {
            return NONE;
        }
        if (!array.isArray()) {
            throw new ConfigException(file, "\"inputs\" is not a list");
        }
        for (JsonNode o : array) {
            String field = o.path("field").asText("");
            String path = o.path("path").asText("");
            String hash = o.path("sha256").asText("");
            if (field.isEmpty() || path.isEmpty() || !hash.matches("[0-9a-f]{64}")) {
                throw new ConfigException(file, "an entry of \"inputs\" lacks its field, path or SHA-256");
            }
            files.add(new InputFile(field, path, hash));
        }
        return new RunInputs(files);
    }
}
