CREATE TABLE "chart_pictures" (
	"key" char(64) PRIMARY KEY NOT NULL,
	"variant" text NOT NULL,
	"body" "bytea" NOT NULL,
	"bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "chart_pictures_created_idx" ON "chart_pictures" USING btree ("created_at");