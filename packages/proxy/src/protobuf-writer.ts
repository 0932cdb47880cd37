// The protobuf writer lives in the preload (plain CommonJS, it also runs inside the user's server); the
// proxy's encoders use the same one.
export { ProtobufWriter } from '../preload/protobuf-writer.cjs';
