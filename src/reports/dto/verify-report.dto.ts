import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBase64, IsString } from 'class-validator';

export class VerifyReportDto {
  @ApiProperty({ description: 'the report file, base64' })
  @IsString()
  @IsBase64({}, { message: 'report must be the report file in base64' })
  report!: string;

  @ApiProperty({ description: 'the detached CMS signature (DER), base64' })
  @IsString()
  @IsBase64({}, { message: 'signature must be the DER signature in base64' })
  signature!: string;
}

class SignerDto {
  @ApiProperty() subject!: string;
  @ApiProperty() fingerprintSha256!: string;
  @ApiProperty() validFrom!: string;
  @ApiProperty() validTo!: string;
}

export class ReportVerificationDto {
  @ApiProperty({
    description: "true when the signature is intact and made by this service's signing certificate",
  })
  valid!: boolean;

  @ApiPropertyOptional({ description: 'why it is not valid' })
  reason?: string;

  @ApiProperty({ description: 'SHA-256 of the report sent' })
  sha256!: string;

  @ApiPropertyOptional()
  signingTime?: string;

  @ApiPropertyOptional({ type: SignerDto })
  signer?: SignerDto;

  @ApiProperty({ description: "the signer is this service's report signing certificate" })
  signerTrusted!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'the stored report with exactly these bytes, if any',
  })
  storedReportId!: string | null;
}
