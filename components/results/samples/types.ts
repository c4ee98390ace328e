import type { SampleDto } from "@/lib/services/results/list-samples";
import type { MediaRef } from "@/lib/services/results/resolve-media";

/** A sample as the browser shows it: the DTO plus its `input_media` entries classified on the server. */
export type SampleView = SampleDto & { media: MediaRef[] };

export type SamplesTaskOption = {
  task: string;
  label: string;
  sampleCount: number;
  correctCount: number;
  incorrectCount: number;
  requestFailedCount: number;
};

export type SamplesPage = {
  items: SampleView[];
  total: number;
  totalIsLowerBound: boolean;
  nextCursor: number | null;
};
