package io.polyphon.worker.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.polyphon.mmm.features.DensityTable;
import io.polyphon.mmm.piece.ReadingGrid;
import io.polyphon.mmm.vocab.IdLayout;
import io.polyphon.mmm.vocab.Vocabulary;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What an exported model says about itself in its ONNX metadata ({@code polyphon.*} keys, written by
 * {@code model/export_onnx.py}). The worker refuses a model whose encoder, layout or sizes it cannot serve.
 *
 * @param idLayout     which of Yellow's id layouts the model was trained in
 * @param layers       transformer blocks
 * @param heads        attention heads
 * @param embedding    width of the residual stream
 * @param context      longest sequence (prompt plus generated tokens) the model takes
 * @param modelDim     bars per window the model was trained on, 4 or 8
 * @param densityTable the density thresholds of the model's training data
 * @param grid         how its training data read MIDI onto the 12-tpq grid ({@code polyphon.grid}); a model
 *                     exported before the key existed was trained on {@code round}
 */
public record ModelMetadata(IdLayout idLayout, int layers, int heads, int embedding, int context, int modelDim,
                            DensityTable densityTable, ReadingGrid grid) {

    public static final String ENCODER = "EL_VELOCITY_DURATION_POLYPHONY_YELLOW_ENCODER";

    public int headSize() {
        return embedding / heads;
    }

    /** Reads and checks the metadata; throws {@link ModelRejectedException} saying what does not fit. */
    public static ModelMetadata from(Map<String, String> metadata) {
        String encoder = require(metadata, "polyphon.encoder");
        if (!encoder.equals(ENCODER)) {
            throw new ModelRejectedException("the model was trained with encoder " + encoder + "; Polyphon speaks " + ENCODER);
        }
        IdLayout layout;
        try {
            layout = IdLayout.byName(require(metadata, "polyphon.id_layout"));
        } catch (IllegalArgumentException e) {
            throw new ModelRejectedException("the model declares " + e.getMessage());
        }
        int vocab = number(metadata, "polyphon.vocab_size");
        if (vocab != Vocabulary.SIZE) {
            throw new ModelRejectedException("the model has " + vocab + " tokens; Yellow has " + Vocabulary.SIZE);
        }
        int heads = number(metadata, "polyphon.n_head");
        int embedding = number(metadata, "polyphon.n_embd");
        if (heads < 1 || embedding % heads != 0) {
            throw new ModelRejectedException("n_embd " + embedding + " does not split into " + heads + " heads");
        }
        int modelDim = number(metadata, "polyphon.model_dim");
        if (modelDim != 4 && modelDim != 8) {
            throw new ModelRejectedException("model_dim must be 4 or 8 bars, not " + modelDim);
        }
        DensityTable density;
        try {
            density = DensityTable.fromJson(require(metadata, "polyphon.density_table"));
        } catch (IllegalArgumentException e) {
            throw new ModelRejectedException("the model's density table is unusable: " + e.getMessage());
        }
        ReadingGrid grid;
        try {
            grid = ReadingGrid.byName(metadata.getOrDefault("polyphon.grid", ReadingGrid.ROUND.gridName()).trim());
        } catch (IllegalArgumentException e) {
            throw new ModelRejectedException("the model declares " + e.getMessage());
        }
        return new ModelMetadata(layout, number(metadata, "polyphon.n_layer"), heads, embedding,
                number(metadata, "polyphon.n_positions"), modelDim, density, grid);
    }

    /** The metadata of the model file {@code file}, read and checked without running it. */
    public static ModelMetadata read(Path file) {
        if (!Files.isRegularFile(file)) throw new ModelRejectedException("there is no model file " + file);
        try (OrtSession session = OrtEnvironment.getEnvironment().createSession(file.toString(), new OrtSession.SessionOptions())) {
            return from(session.getMetadata().getCustomMetadata());
        } catch (OrtException e) {
            throw new ModelRejectedException("ONNX Runtime cannot load " + file + ": " + e.getMessage(), e);
        }
    }

    private static String require(Map<String, String> metadata, String key) {
        String value = metadata.get(key);
        if (value == null || value.isBlank()) {
            throw new ModelRejectedException("the model's metadata has no " + key + " (export it with model/export_onnx.py)");
        }
        return value;
    }

    private static int number(Map<String, String> metadata, String key) {
        try {
            return Integer.parseInt(require(metadata, key).trim());
        } catch (NumberFormatException e) {
            throw new ModelRejectedException(key + " is not a number: " + metadata.get(key));
        }
    }
}
