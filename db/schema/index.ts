export * from "./users";
export * from "./audit";
export * from "./system";
export * from "./runs";
export * from "./tasks";
export * from "./results";
export * from "./models";
export * from "./scheduling";
