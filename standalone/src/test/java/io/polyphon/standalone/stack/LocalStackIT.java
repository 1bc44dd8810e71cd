package io.polyphon.standalone.stack;

import java.nio.file.Path;

/** The acceptance tests on the local stack: the in-process KRaft broker and MongoDB-wire server. */
class LocalStackIT extends PipelineAcceptance {

    @Override
    LocalStack start(Path data, Path model) {
        return LocalStack.start(data, model);
    }
}
